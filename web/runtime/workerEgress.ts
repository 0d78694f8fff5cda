/// <reference lib="webworker" />
/**
 * The browser's lambda worker gets the server's egress rule (shared/lambda/egressRules.ts): its
 * HTTP reaches the page's own services with the page's account in `Luna-Account-Id` (whatever the
 * lambda wrote), the service addresses of its own settings, and — for the runtime's files
 * (Pyodide, esbuild's wasm) — plain GETs of this origin; nothing else. Sockets, event streams and
 * nested workers, which would bypass `fetch`, are removed. Installed before any lambda code runs.
 */
import { egressRefusal, serviceHosts } from "../../shared/lambda/egressRules.ts";
import type { LambdaSettings } from "../../shared/lambda/settings.ts";

export interface WorkerEgressContext {
  account: string | null;
  settings: LambdaSettings | null;
}

const context: WorkerEgressContext = { account: null, settings: null };

/** Which account and settings the lambda now running has (set per run by the worker). */
export function setWorkerEgressContext(next: WorkerEgressContext): void {
  Object.assign(context, next);
}

function refusal(url: URL, method: string): string | null {
  const self = selfOrigin();
  if (url.origin === self && method === "GET" && egressRefusal(url, self, []) !== null) return null;
  return egressRefusal(
    url,
    self,
    (context.settings ? serviceHosts(context.settings) : []).filter((host) => host !== new URL(self).host),
  );
}

function selfOrigin(): string {
  return (globalThis as unknown as WorkerGlobalScope).location.origin;
}

export function installWorkerEgress(): void {
  const original = globalThis.fetch.bind(globalThis);
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const why = refusal(url, request.method.toUpperCase());
    if (why) throw new TypeError(`fetch failed: ${why}`);
    if (url.origin !== selfOrigin()) return original(request);
    const headers = new Headers(request.headers);
    headers.delete("luna-account-id");
    if (context.account) headers.set("luna-account-id", context.account);
    return original(new Request(request, { headers }));
  };
  const open = XMLHttpRequest.prototype.open as (
    this: XMLHttpRequest,
    method: string,
    url: string | URL,
    ...rest: unknown[]
  ) => void;
  XMLHttpRequest.prototype.open = function (
    this: XMLHttpRequest,
    method: string,
    url: string | URL,
    ...rest: unknown[]
  ) {
    const why = refusal(new URL(url, selfOrigin()), method.toUpperCase());
    if (why) throw new TypeError(why);
    open.call(this, method, url, ...rest);
  } as typeof XMLHttpRequest.prototype.open;
  for (const name of ["WebSocket", "EventSource", "Worker", "SharedWorker", "WebTransport"]) {
    Object.defineProperty(globalThis, name, { value: undefined, configurable: false, writable: false });
  }
}
