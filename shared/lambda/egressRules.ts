/**
 * Where a lambda's HTTP may go — one rule for the server's sandboxed lambdas (server/runtime/
 * lambdaEgress.ts) and the browser's lambda worker (web/runtime/workerEgress.ts): the embedded
 * services its clients talk to, at the services' own origin, or a host the operator named
 * (LAMBDA_ALLOWED_HOSTS). Creating or calling lambdas, exports and model changes stay with people.
 */
import { bucketServiceKeys, serviceKeys, type LambdaSettings } from "./settings.ts";

export const LAMBDA_SERVICE_PATHS = [
  "/luna-faces/",
  "/luna-events/",
  "/luna-python-matcher/",
  "/luna-remote-sdk/1/sdk",
  "/luna-remote-sdk/1/healthcheck",
  "/luna-image-store/",
  "/luna-sender/",
] as const;

/** null when the lambda may call `url`, else the sentence that says why not. */
export function egressRefusal(url: URL, selfOrigin: string, allowedHosts: readonly string[]): string | null {
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return `${url.protocol} URLs are not reachable from a lambda`;
  if (url.username || url.password) return "URLs with credentials are not reachable from a lambda";
  const self = new URL(selfOrigin).origin;
  if (url.origin === self) {
    return LAMBDA_SERVICE_PATHS.some((prefix) => url.pathname.startsWith(prefix))
      ? null
      : `${url.pathname} is not reachable from a lambda: only ${LAMBDA_SERVICE_PATHS.join(", ")}`;
  }
  const host = url.host.toLowerCase();
  if (allowedHosts.some((entry) => entry === host || entry === url.hostname.toLowerCase())) return null;
  return `${url.origin} is not reachable from a lambda: only the Luna services at ${self} and LAMBDA_ALLOWED_HOSTS are`;
}

/** The hosts (host:port, lower case) of every service address in a lambda's settings. */
export function serviceHosts(settings: LambdaSettings): string[] {
  return [
    ...new Set(
      [...serviceKeys, ...bucketServiceKeys].map((key) =>
        new URL(settings[`LUNA_${key}_ADDRESS`].origin).host.toLowerCase(),
      ),
    ),
  ];
}
