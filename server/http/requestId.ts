/** Luna-Request-Id: "<10-digit unix time>,<uuid>", echoed when the caller sends one. */
import type { NextFunction, Request, Response } from "express";

const LUNA_REQUEST_ID = /^\d{10},[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function newLunaRequestId(): string {
  return `${Math.floor(Date.now() / 1000)},${crypto.randomUUID()}`;
}

export function requestIdMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.header("Luna-Request-Id");
  const id = given && LUNA_REQUEST_ID.test(given) ? given : newLunaRequestId();
  res.locals.requestId = id;
  res.setHeader("Luna-Request-Id", id);
  next();
}
