/**
 * Additional routes of a lambda, after luna_lambda_tools' `LambdaUserHandler`: a class per route
 * whose async methods are named after the HTTP methods it answers (`get`, `post`, …). The lambda
 * exports them next to `main`:
 *
 *   export class Greeting extends LambdaUserHandler {
 *     async get() { return { hello: this.request.query.name ?? "world" }; }
 *   }
 *   export const routes = { "/greeting": Greeting };
 *
 * A returned value is a 200 JSON reply; `this.success(body, status)` and `this.error(status, text)`
 * choose the status; a UserException answers as it does from main.
 */
import { UserException } from "./exceptions.ts";
import type { StandaloneLambdaRequest } from "./request.ts";

export const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** A reply a handler chose the status of. */
export class HandlerReply {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {}
}

export class LambdaUserHandler {
  constructor(
    /** The request: body, json, headers, query, clients, userCtx — as a standalone lambda's. */
    readonly request: StandaloneLambdaRequest,
  ) {}

  success(body: unknown = null, status = 200): HandlerReply {
    return new HandlerReply(status, body);
  }

  /** A 42004 reply with this status and text, as a UserException would give. */
  error(status: number, errorText: string): never {
    throw new (class extends UserException {
      override get statusCode(): number {
        return status;
      }
    })(errorText);
  }

  /** Luna-Account-Id of the request (null when absent). */
  getAccountIdFromHeader(): string | null {
    return this.request.headers["luna-account-id"] ?? null;
  }
}

export type UserHandlerClass = new (request: StandaloneLambdaRequest) => LambdaUserHandler;

/** The methods a handler class answers, in upper case. */
export function allowedMethods(handler: UserHandlerClass): string[] {
  return HTTP_METHODS.filter(
    (m) => typeof (handler.prototype as unknown as Record<string, unknown>)[m] === "function",
  ).map((m) => m.toUpperCase());
}

/** "/greeting/" and "greeting" are "/greeting". */
export function normalisePath(path: string): string {
  const bare = `/${path.replace(/^\/+/, "").replace(/\/+$/, "")}`;
  return bare === "/" ? "/" : bare;
}
