/**
 * The access token of the control plane (Jupyter's start-up token): required whenever the server
 * listens beyond loopback or AUTH_TOKEN is set. It comes as `Authorization: Bearer <token>` or as
 * the cookie that the printed start-up URL (`/?token=…`) sets. Luna-Account-Id keeps its meaning
 * behind this edge, as behind LUNA's API gateway. Compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import type { NextFunction, Request, Response } from "express";
import { Errors, LunaError } from "../../shared/luna/errors.ts";
import { isLoopbackHost } from "./hostGuard.ts";

export const TOKEN_COOKIE = "luna_playground_token";

/** Paths that answer without the token: the liveness probe (it shows model status, nothing else). */
const OPEN_PATHS = new Set(["/healthcheck"]);

export interface AccessTokenPolicy {
  /** null: no token needed (loopback without AUTH_TOKEN). */
  token: string | null;
}

/** AUTH_TOKEN when given; otherwise a fresh random token when `host` is not loopback, else none. */
export function accessTokenFor(host: string, configured: string | null): string | null {
  if (configured !== null) return configured;
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  const everywhere = bare === "0.0.0.0" || bare === "::";
  return everywhere || !isLoopbackHost(bare) ? randomBytes(32).toString("base64url") : null;
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

export function tokenMatches(given: string, token: string): boolean {
  // Equal-length digests: timingSafeEqual needs equal lengths and the length must not leak either.
  return timingSafeEqual(digest(given), digest(token));
}

function cookieValue(cookieHeader: string | undefined, name: string): string | null {
  for (const part of (cookieHeader ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The token a request carries (Bearer header first, then the cookie), or null. */
export function presentedToken(headers: IncomingHttpHeaders): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? "");
  if (bearer) return bearer[1]!;
  return cookieValue(headers.cookie, TOKEN_COOKIE);
}

/** Why a request lacks access (401), or null. */
export function accessTokenFailure(
  path: string,
  headers: IncomingHttpHeaders,
  policy: AccessTokenPolicy,
): LunaError | null {
  if (policy.token === null || OPEN_PATHS.has(path)) return null;
  const given = presentedToken(headers);
  if (given === null)
    return new LunaError(
      Errors.TokenRequired,
      "this server needs its access token: 'Authorization: Bearer <token>' or open the URL printed at start-up",
    );
  if (!tokenMatches(given, policy.token)) return new LunaError(Errors.TokenRequired, "the access token is wrong");
  return null;
}

function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

/**
 * `GET /?token=…` with the right token sets the cookie and redirects to `/` (the printed URL);
 * every other request must carry the token.
 */
export function accessTokenGuard(policy: AccessTokenPolicy) {
  return (req: Request, res: Response, next: NextFunction): void => {
    if (policy.token === null) return next();
    const offered = req.path === "/" && req.method === "GET" ? req.query.token : undefined;
    if (typeof offered === "string") {
      if (!tokenMatches(offered, policy.token))
        return next(new LunaError(Errors.TokenRequired, "the access token is wrong"));
      res.setHeader("Set-Cookie", tokenCookie(policy.token));
      res.redirect(303, "/");
      return;
    }
    next(accessTokenFailure(req.path, req.headers, policy) ?? undefined);
  };
}
