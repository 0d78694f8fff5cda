/**
 * The HTTP face of one lambda, as Luna's lambda containers have it: every request (method, path,
 * body, headers, query) goes to the lambda's surface (shared/lambda/lambdaApp.ts) — `POST /main`,
 * its routes, `/healthcheck`, `/metrics`, `/docs/spec` — and its status and reply come back.
 * Used by `lambda <folder>` (sandboxed) and by exported projects (in-process).
 */
import express from "express";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { LambdaType } from "../shared/lambda/invoke.ts";
import type { LambdaHttpReply, LambdaHttpRequest } from "../shared/lambda/lambdaApp.ts";
import { readRawBody } from "./http/body.ts";
import { errorHandler, notFoundHandler } from "./http/errors.ts";
import { requestIdMiddleware } from "./http/requestId.ts";
import type { Logger } from "./logger.ts";

export const MAX_MAIN_BODY_BYTES = 64 * 1024 * 1024;

export interface LambdaMainOptions {
  type: LambdaType;
  /** The lambda's whole HTTP surface (shared/lambda/lambdaApp.ts): main, its routes, healthcheck, metrics, spec. */
  handle(request: LambdaHttpRequest): Promise<LambdaHttpReply>;
  logger: Logger;
}

export function createLambdaMainApp(options: LambdaMainOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(requestIdMiddleware);
  app.use(async (req, res) => {
    const method = req.method.toUpperCase();
    const body =
      method === "GET" || method === "HEAD" || method === "DELETE"
        ? new Uint8Array()
        : await readRawBody(req, MAX_MAIN_BODY_BYTES);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
    const reply = await options.handle({
      method,
      path: req.path,
      headers,
      query: Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, String(v)])),
      body,
      requestId: String(res.locals.requestId),
    });
    res.setHeader("Lambda-Version", "1");
    for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
    if (reply.contentType && typeof reply.body === "string")
      res.status(reply.status).type(reply.contentType).send(reply.body);
    else res.status(reply.status).json(reply.body ?? null);
  });
  app.use(notFoundHandler);
  app.use(errorHandler(options.logger));
  return app;
}

export async function listenOn(
  app: express.Express,
  port: number,
  host: string,
): Promise<{ server: Server; url: string }> {
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(port, host, () => resolve(s));
    s.once("error", reject);
  });
  const { port: actual } = server.address() as AddressInfo;
  return { server, url: `http://${host}:${actual}` };
}

export async function closeServer(server: Server): Promise<void> {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
}
