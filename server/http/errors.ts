/** Express glue for Luna errors: every failure leaves as `{error_code, desc, detail, link}`. */
import type { NextFunction, Request, Response } from "express";
import { Errors, LunaError } from "../../shared/luna/errors.ts";
import type { Logger } from "../logger.ts";

/**
 * Luna services write JSON with escaped slashes ("https:\/\/docs…"), and lambdas quote that text
 * verbatim in 42004 details (seed example 1); we write it the same way. Same JSON value either way.
 */
export function lunaJsonText(value: unknown): string {
  return JSON.stringify(value).replace(/\//g, "\\/");
}

export function sendLunaError(res: Response, error: LunaError): void {
  res.status(error.status).type("application/json").send(lunaJsonText(error.toBody()));
}

export function notFoundHandler(req: Request, _res: Response, next: NextFunction): void {
  next(new LunaError(Errors.RouteNotFound, req.method, req.path));
}

/** Last middleware: Luna errors as they are, body-parser failures mapped, anything else → code 1. */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const requestId = res.locals.requestId as string | undefined;
    let luna: LunaError;
    if (error instanceof LunaError) {
      luna = error;
    } else if (isHttpError(error) && error.type === "entity.too.large") {
      luna = new LunaError(Errors.PayloadTooLarge, error.limit ?? "the configured number of");
    } else if (isHttpError(error) && error.type === "entity.parse.failed") {
      luna = new LunaError(Errors.RequestNotContainsJson);
    } else if (error instanceof URIError) {
      // The router decoding a path parameter such as %E0%A4%A or %C0%AE.
      luna = new LunaError(Errors.BadPathEncoding, req.originalUrl.split("?")[0]!.slice(0, 300));
    } else if (isClientError(error)) {
      // Any other 4xx that a parser or the router raised (unsupported charset, aborted body …).
      luna = new LunaError(Errors.BadInputData, `bad request: ${error.message}`);
    } else {
      logger.error(
        `unhandled error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        requestId,
      );
      luna = new LunaError(Errors.UnknownError);
    }
    if (luna.status >= 500) logger.warning(`${luna.code} ${luna.message}`, requestId);
    if (res.headersSent) return;
    sendLunaError(res, luna);
  };
}

function isClientError(error: unknown): error is Error & { status: number } {
  const status = (error as { status?: unknown } | null)?.status;
  return error instanceof Error && typeof status === "number" && status >= 400 && status < 500;
}

interface HttpError {
  type: string;
  limit?: number;
}

function isHttpError(error: unknown): error is HttpError {
  return typeof error === "object" && error !== null && typeof (error as { type?: unknown }).type === "string";
}
