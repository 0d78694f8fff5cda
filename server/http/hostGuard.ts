/**
 * The Host and Origin checks every request passes first (Vite's allowedHosts, Jupyter's Host/Origin
 * checks): a Host that is not loopback or listed in ALLOWED_HOSTS is refused, so a DNS-rebound
 * name never reaches a handler or a reply URL; a state-changing request from another site (Origin
 * or Sec-Fetch-Site) is refused unless ALLOWED_ORIGINS lists it. Plain functions over headers, so
 * the WebSocket upgrade (outside Express) applies the same rules.
 */
import type { IncomingHttpHeaders } from "node:http";
import { isIPv4, isIPv6 } from "node:net";
import type { NextFunction, Request, Response } from "express";
import { Errors, LunaError } from "../../shared/luna/errors.ts";

export interface HostPolicy {
  /** Lower-case names or addresses (no port) allowed besides loopback. */
  allowedHosts: readonly string[];
  /** Lower-case origins allowed to send state-changing requests besides the request's own. */
  allowedOrigins: readonly string[];
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** `Host` header → lower-case host name or address (IPv6 without brackets), or null when malformed. */
export function hostnameOf(hostHeader: string): string | null {
  const host = hostHeader.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)\](?::(\d{1,5}))?$/.exec(host);
  if (bracketed) return isIPv6(bracketed[1]!) ? bracketed[1]! : null;
  const plain = /^([a-z0-9_.-]+)(?::(\d{1,5}))?$/.exec(host);
  return plain ? plain[1]!.replace(/\.$/, "") : null;
}

export function isLoopbackHost(hostname: string): boolean {
  if (hostname === "localhost" || hostname.endsWith(".localhost")) return true;
  if (isIPv4(hostname)) return hostname.startsWith("127.");
  if (isIPv6(hostname)) return hostname === "::1" || hostname === "0:0:0:0:0:0:0:1" || /^::ffff:127\./.test(hostname);
  return false;
}

export function isAllowedHost(hostname: string, policy: HostPolicy): boolean {
  return isLoopbackHost(hostname) || policy.allowedHosts.includes(hostname);
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Why a request must be refused (403), or null when it may go on. */
export function hostGuardFailure(method: string, headers: IncomingHttpHeaders, policy: HostPolicy): LunaError | null {
  const hostHeader = single(headers.host) ?? "";
  const hostname = hostnameOf(hostHeader);
  if (hostname === null || !isAllowedHost(hostname, policy))
    return new LunaError(Errors.HostNotAllowed, hostHeader.slice(0, 200));
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const origin = single(headers.origin)?.trim().toLowerCase();
  if (origin !== undefined && policy.allowedOrigins.includes(origin.replace(/\/+$/, ""))) return null;
  if (origin !== undefined && origin !== `http://${hostHeader.trim().toLowerCase()}`) {
    return new LunaError(
      Errors.CrossSiteRequest,
      method.toUpperCase(),
      `Origin '${origin.slice(0, 200)}' is not this server (ALLOWED_ORIGINS may list it)`,
    );
  }
  if (single(headers["sec-fetch-site"])?.toLowerCase() === "cross-site") {
    return new LunaError(Errors.CrossSiteRequest, method.toUpperCase(), "Sec-Fetch-Site: cross-site");
  }
  return null;
}

export function hostGuard(policy: HostPolicy) {
  return (req: Request, _res: Response, next: NextFunction): void => {
    next(hostGuardFailure(req.method, req.headers, policy) ?? undefined);
  };
}
