/**
 * The HTTP face of one lambda, as Luna's lambda containers have it: `POST /main` (body, headers
 * and query handed to the lambda; its status and JSON reply returned) and `GET /healthcheck`.
 * Used by `lambda <folder>` (sandboxed) and by exported projects (in-process).
 */
import express from "express";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { LambdaReply, LambdaType } from "../shared/lambda/invoke.ts";
import type { IncomingLambdaRequest } from "../shared/lambda/request.ts";
import { Errors, LunaError } from "../shared/luna/errors.ts";
import { readRawBody } from "./http/body.ts";
import { errorHandler, notFoundHandler } from "./http/errors.ts";
import { requestIdMiddleware } from "./http/requestId.ts";
import type { Logger } from "./logger.ts";

export const MAX_MAIN_BODY_BYTES = 64 * 1024 * 1024;

export interface LambdaMainOptions {
  type: LambdaType;
  invoke(request: IncomingLambdaRequest): Promise<LambdaReply>;
  logger: Logger;
}

export function createLambdaMainApp(options: LambdaMainOptions): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.use(requestIdMiddleware);
  app.get("/healthcheck", (_req, res) => void res.json({ status: "ok", lambda_type: options.type }));
  app.post("/main", async (req, res) => {
    const body = await readRawBody(req, MAX_MAIN_BODY_BYTES);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers[k] = v;
    const reply = await options.invoke({
      method: "POST",
      headers,
      query: Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, String(v)])),
      body,
      requestId: String(res.locals.requestId),
    });
    res.setHeader("Lambda-Version", "1");
    res.status(reply.status).json(reply.body ?? null);
  });
  app.use((req, _res, next) => (req.path === "/main" ? next(new LunaError(Errors.BadInputData, "use POST /main")) : next()));
  app.use(notFoundHandler);
  app.use(errorHandler(options.logger));
  return app;
}

export async function listenOn(app: express.Express, port: number, host: string): Promise<{ server: Server; url: string }> {
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
