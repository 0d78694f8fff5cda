/** Every Luna service call names its account: `Luna-Account-Id`, a UUID. */
import type { NextFunction, Request, Response } from "express";
import { Errors, LunaError } from "../../shared/luna/errors.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function requireAccount(req: Request, res: Response, next: NextFunction): void {
  const given = req.header("Luna-Account-Id") ?? "";
  if (!isUuid(given)) {
    next(new LunaError(Errors.AccountIdRequired, given));
    return;
  }
  res.locals.accountId = given.toLowerCase();
  next();
}

/** The caller's account when it names a valid one (public routes read it without requiring it). */
export function optionalAccount(req: Request): string | null {
  const given = req.header("Luna-Account-Id") ?? "";
  return isUuid(given) ? given.toLowerCase() : null;
}

export function accountOf(res: Response): string {
  return res.locals.accountId as string;
}
