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
}

export function rawRequest(baseUrl: string, options: RawRequest): Promise<RawReply> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method: options.method ?? "GET", path: options.path, headers: options.headers ?? {}, setHost: !options.headers?.host && !options.headers?.Host },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body === undefined ? undefined : typeof options.body === "string" ? options.body : Buffer.from(options.body));
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
