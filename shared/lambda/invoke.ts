/**
 * Runs a lambda's `main(request)` and turns every outcome into the HTTP reply Luna gives:
 * a returned object → 201 (handlers) / 200 (standalone); a UserException → its status and text;
 * a Luna error of the request itself (bad body) → that error; anything else → 500 / 42004.
 */
import { Errors, LunaError, errorLink } from "../luna/errors.ts";
import { LunaApiException } from "./clients/lunaHttp.ts";
import { isUserExceptionClass, UserException } from "./exceptions.ts";
import { logger } from "./logger.ts";

export type LambdaType = "handlers" | "standalone";

export interface LambdaReply {
  status: number;
  body: unknown;
}

/** A 42004 "Lambda exception" reply: what every failure of the lambda itself answers. */
export function lambdaException(status: number, detail: string): LambdaReply {
  return {
    status,
    body: {
      error_code: Errors.LambdaException.code,
      desc: Errors.LambdaException.desc,
      detail,
      link: errorLink(Errors.LambdaException.code),
    },
  };
}

export function replyForError(error: unknown): LambdaReply {
  if (isUserExceptionClass(error)) return lambdaException(error.statusCode, error.errorText);
  if (error instanceof UserException) return lambdaException(error.statusCode, error.errorText);
  // Raised service errors keep the seed's wording: "Not expected code from service: 404 GET <url>, error: …".
  if (error instanceof LunaApiException) return lambdaException(500, error.message);
  if (error instanceof LunaError) return { status: error.status, body: error.toBody() };
  const message = error instanceof Error ? error.message : String(error);
  return lambdaException(500, message);
}

export async function invokeLambda<R>(
  main: (request: R) => unknown,
  request: R,
  type: LambdaType,
): Promise<LambdaReply> {
  try {
    const result = await main(request);
    return { status: type === "handlers" ? 201 : 200, body: result ?? null };
  } catch (error) {
    const reply = replyForError(error);
    if (reply.status >= 500) logger.error("lambda failed:", error);
    return reply;
  }
}
