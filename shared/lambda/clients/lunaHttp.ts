/**
 * The HTTP core every lambda client uses: fetch with the account header, per-service timeouts,
 * JSON or msgpack bodies, and Luna's `raiseError` rule (a non-success reply throws
 * LunaApiException whose text is the seed's "Not expected code from service: …").
 */
import { decode, encode } from "@msgpack/msgpack";
import { Errors, LunaError } from "../../luna/errors.ts";

export interface Timeouts {
  connect: number;
  request: number;
  sock_connect: number;
  sock_read: number;
}

export interface ServiceEndpoint {
  /** origin/api_version, e.g. http://127.0.0.1:5000/luna-faces/3. */
  baseUri: string;
  timeouts: Timeouts;
  accountId: string | null;
  fetch: typeof fetch;
  /** Passed on as Luna-Request-Id, so one request can be followed through every service. */
  requestId?: string;
}

// biome-ignore lint/suspicious/noExplicitAny: lambda code reads replies like the Python seed (`reply.json["faces"]`); callers may narrow T.
export interface LunaResponse<T = any> {
  statusCode: number;
  /** Parsed JSON (or msgpack) body; null when the body is empty or not structured. */
  json: T;
  /** The raw body bytes. */
  body: Uint8Array;
  headers: Record<string, string>;
}

/** A service answered with a status the call did not expect (raiseError: true). */
export class LunaApiException extends Error {
  constructor(
    readonly response: LunaResponse,
    readonly method: string,
    readonly url: string,
  ) {
    // A msgpack error body is quoted as its JSON, so the text stays readable.
    const text =
      /msgpack/.test(response.headers["content-type"] ?? "") && response.json !== null
        ? JSON.stringify(response.json)
        : new TextDecoder().decode(response.body);
    super(`Not expected code from service: ${response.statusCode} ${method} ${url}, error: ${text}`);
    this.name = "LunaApiException";
  }
}

export interface RequestOptions {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD";
  path: string;
  query?: Record<string, string | number | boolean | readonly string[] | null | undefined>;
  /** Structured body: sent as msgpack when it holds bytes (JSON cannot), as JSON otherwise. */
  json?: unknown;
  bytes?: Uint8Array;
  contentType?: string;
  /** Ask for msgpack replies, so binary fields (warps, descriptors) arrive as bytes. */
  accept?: "json" | "msgpack";
  raiseError?: boolean;
}

function holdsBytes(value: unknown): boolean {
  if (value instanceof Uint8Array) return true;
  if (Array.isArray(value)) return value.some(holdsBytes);
  if (value && typeof value === "object") return Object.values(value).some(holdsBytes);
  return false;
}

export function buildUrl(baseUri: string, path: string, query: RequestOptions["query"]): string {
  const url = `${baseUri}${path}`;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null) continue;
    params.set(k, Array.isArray(v) ? v.join(",") : String(typeof v === "boolean" ? Number(v) : v));
  }
  const q = params.toString();
  return q ? `${url}?${q}` : url;
}

export async function lunaRequest(endpoint: ServiceEndpoint, options: RequestOptions): Promise<LunaResponse> {
  const url = buildUrl(endpoint.baseUri, options.path, options.query);
  const headers: Record<string, string> = {
    Accept: options.accept === "msgpack" ? "application/msgpack" : "application/json",
  };
  if (endpoint.accountId) headers["Luna-Account-Id"] = endpoint.accountId;
  if (endpoint.requestId) headers["Luna-Request-Id"] = endpoint.requestId;
  let body: Uint8Array | string | undefined;
  if (options.bytes) {
    body = options.bytes;
    headers["Content-Type"] = options.contentType ?? "application/octet-stream";
  } else if (options.json !== undefined) {
    if (holdsBytes(options.json)) {
      body = encode(options.json, { ignoreUndefined: true });
      headers["Content-Type"] = "application/msgpack";
    } else {
      body = JSON.stringify(options.json);
      headers["Content-Type"] = "application/json";
    }
  }
  let response: Response;
  try {
    response = await endpoint.fetch(url, {
      method: options.method,
      headers,
      body: body as BodyInit | undefined,
      signal: AbortSignal.timeout(endpoint.timeouts.request * 1000),
    });
  } catch (error) {
    const name = (error as Error).name;
    if (name === "TimeoutError" || name === "AbortError")
      throw new LunaError(Errors.RequestTimeout, url, options.method);
    throw new LunaError(Errors.ServerConnectionError, url);
  }
  const raw = new Uint8Array(await response.arrayBuffer());
  const type = response.headers.get("content-type") ?? "";
  let json: unknown = null;
  try {
    if (/msgpack/.test(type)) json = decode(raw);
    else if (raw.length > 0 && /json/.test(type)) json = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    json = null;
  }
  const result: LunaResponse = {
    statusCode: response.status,
    json,
    body: raw,
    headers: Object.fromEntries(response.headers),
  };
  if ((options.raiseError ?? true) && (response.status < 200 || response.status >= 300)) {
    throw new LunaApiException(result, options.method, url);
  }
  return result;
}
