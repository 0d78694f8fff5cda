/**
 * Every HTTP request of a sandboxed lambda (its clients' and its own `fetch`) arrives here over
 * the lambda's channel. It goes out only to the embedded services' origin or a host named in
 * LAMBDA_ALLOWED_HOSTS, always with the lambda's own account in `Luna-Account-Id` (whatever the
 * lambda wrote), without following redirects, and with bounded time and size both ways.
 */
import { egressRefusal } from "../../shared/lambda/egressRules.ts";
import type { EgressRequest, EgressResponse } from "./lambdaProtocol.ts";

export interface EgressPolicy {
  /** Origin of the embedded services, e.g. http://127.0.0.1:5000. */
  selfOrigin: () => string;
  /** host or host:port entries (LAMBDA_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
  /** The account the lambda acts as (its owner, or that of the request this call belongs to): the only one it may use. */
  accountId: (request: EgressRequest) => string | null;
  maxBodyBytes: number;
  /** Headers the server adds to requests for its own services (e.g. the control-plane token). */
  selfHeaders?: () => Record<string, string>;
}

/** Headers a lambda may not choose: they belong to the connection or to who the caller is. */
const REPLACED = new Set([
  "host",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "proxy-authorization",
  "te",
  "trailer",
  "content-length",
  "luna-account-id",
  "cookie",
]);

export class EgressRefused extends Error {}

async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (!response.body) return new Uint8Array();
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new EgressRefused(`the reply is larger than ${maxBytes} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

export function lambdaEgress(policy: EgressPolicy): (request: EgressRequest) => Promise<EgressResponse> {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      throw new EgressRefused(`'${request.url}' is not a URL`);
    }
    const refusal = egressRefusal(url, policy.selfOrigin(), policy.allowedHosts);
    if (refusal) throw new EgressRefused(refusal);
    const self = url.origin === new URL(policy.selfOrigin()).origin;
    if (request.body && request.body.byteLength > policy.maxBodyBytes)
      throw new EgressRefused(`the request body is larger than ${policy.maxBodyBytes} bytes`);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      const key = name.toLowerCase();
      if (REPLACED.has(key) || (self && key === "authorization")) continue;
      headers[key] = value;
    }
    const account = policy.accountId(request);
    if (account) headers["luna-account-id"] = account;
    if (self) Object.assign(headers, policy.selfHeaders?.() ?? {});
    const method = request.method.toUpperCase();
    const response = await fetch(url, {
      method,
      headers,
      body: method === "GET" || method === "HEAD" ? undefined : ((request.body ?? undefined) as BodyInit | undefined),
      redirect: "manual",
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    return {
      status: response.status,
      headers: Object.fromEntries(response.headers),
      body: await readCapped(response, policy.maxBodyBytes),
    };
  };
}
