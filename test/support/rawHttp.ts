/**
 * One HTTP request with exactly the headers given (fetch cannot set Host, and it adds Origin and
 * Sec-Fetch-* on its own terms), answered as status, headers and body — or as the socket error
 * (a reset or a closed connection) when there is no answer.
 */
import { request } from "node:http";

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  /** A fresh connection instead of the keep-alive pool's. */
  freshConnection?: boolean;
}

export function rawRequest(baseUrl: string, options: RawRequest): Promise<RawReply> {
  const url = new URL(baseUrl);
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === "string"
        ? Buffer.from(options.body)
        : Buffer.from(options.body);
  // Node sends a GET/DELETE body without framing unless told its length; a real client frames it.
  const headers =
    body === undefined ? (options.headers ?? {}) : { "content-length": String(body.length), ...options.headers };
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? "GET",
        path: options.path,
        headers,
        setHost: !options.headers?.host && !options.headers?.Host,
        ...(options.freshConnection ? { agent: false } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** The Luna error code of a reply (null when the body is not a Luna error). */
export function errorCode(reply: RawReply): number | null {
  try {
    const code = (JSON.parse(reply.body.toString("utf8")) as { error_code?: unknown }).error_code;
    return typeof code === "number" ? code : null;
  } catch {
    return null;
  }
}
