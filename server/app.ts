/**
 * Assembles the Express app: cross-origin isolation headers, Luna request ids, the embedded Luna
 * services under their own prefixes, the model files and the playground bundle.
 */
import { memoryCapKind } from "./runtime/lambdaCgroup.ts";
import { pyodideDir } from "./runtime/pyodideNode.ts";
import express, { type NextFunction, type Request, type Response } from "express";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { Errors, LunaError } from "../shared/luna/errors.ts";
import type { ModelRegistry } from "../shared/inference/modelRegistry.ts";
import type { FacePipeline } from "../shared/inference/pipeline.ts";
import type { ServerConfig } from "./config.ts";
import { accessTokenGuard } from "./http/accessToken.ts";
import { errorHandler, notFoundHandler } from "./http/errors.ts";
import { hostGuard, type HostPolicy } from "./http/hostGuard.ts";
import { requestIdMiddleware } from "./http/requestId.ts";
import type { Logger } from "./logger.ts";
import { buildRouter, type ServiceTable } from "./http/routeTable.ts";
import { EVENTS_PREFIX, eventsService } from "./services/events.ts";
import { FACES_PREFIX, facesService } from "./services/faces.ts";
import { IMAGE_STORE_PREFIX, imageStoreService } from "./services/imageStore.ts";
import { MATCHER_PREFIX, matcherService } from "./services/matcher.ts";
import { LAMBDA_PREFIX, lambdasService } from "./services/lambdas.ts";
import { modelsRoutes } from "./services/models.ts";
import { REMOTE_SDK_PREFIX, remoteSdkRoutes } from "./services/remoteSdk.ts";
import { SENDER_PREFIX, senderService, type SenderHub } from "./services/sender.ts";
import { servicesDocsPage, withServiceBasics } from "./services/serviceBasics.ts";
import type { LambdaHost } from "./runtime/lambdaHost.ts";
import type { BlobStore } from "./store/blobStore.ts";
import { EventsRepository } from "./store/eventsRepository.ts";
import { FacesRepository } from "./store/facesRepository.ts";
import { ImagesRepository } from "./store/imagesRepository.ts";
import type { LambdasRepository } from "./store/lambdasRepository.ts";
import type { SqlDatabase } from "./store/sqlDatabase.ts";
import type { UserModelStore } from "./store/userModelStore.ts";
import type { MatcherIndex } from "./services/matcherIndex/matcherIndex.ts";

export interface AppContext {
  config: ServerConfig;
  logger: Logger;
  models: ModelRegistry;
  pipeline: FacePipeline;
  userModels: UserModelStore;
  db: SqlDatabase;
  /** The matcher's in-memory descriptor index (docs/matcher.md). */
  matcherIndex: MatcherIndex;
  blobs: BlobStore;
  sender: SenderHub;
  lambdas: { repo: LambdasRepository; host: LambdaHost };
  /** The control plane's access token (null: none needed, loopback without AUTH_TOKEN). */
  accessToken: string | null;
  /** Hosts and origins the control plane answers to (ALLOWED_HOSTS, the listen address, ALLOWED_ORIGINS). */
  hostPolicy: HostPolicy;
  /** True once every built-in model is loaded. */
  isReady(): boolean;
  /** Why start-up failed, if it did. */
  startupError(): string | null;
}

/** API prefixes: each can be pointed at a real LUNA service instead (docs/architecture.md). */
export const API_PREFIXES = {
  remoteSdk: REMOTE_SDK_PREFIX,
  faces: FACES_PREFIX,
  events: EVENTS_PREFIX,
  imageStore: IMAGE_STORE_PREFIX,
  matcher: MATCHER_PREFIX,
  sender: SENDER_PREFIX,
  lambda: LAMBDA_PREFIX,
} as const;

function crossOriginIsolation(_req: Request, res: Response, next: NextFunction): void {
  // Multi-threaded WASM in the playground needs a cross-origin isolated page (docs/stack.md).
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Cross-Origin-Embedder-Policy", "require-corp");
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  next();
}

export function createApp(ctx: AppContext): express.Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "simple");
  app.use(crossOriginIsolation);
  app.use(requestIdMiddleware);
  app.use((req, res, next) => {
    const started = performance.now();
    res.on("finish", () =>
      ctx.logger.info(
        `${req.method} ${req.originalUrl} → ${res.statusCode} in ${(performance.now() - started).toFixed(1)} ms`,
        res.locals.requestId as string,
      ),
    );
    next();
  });
  // The control plane's edge, before any handler: Host/Origin (no DNS rebinding, no cross-site
  // writes), then the access token.
  app.use(hostGuard(ctx.hostPolicy));
  app.use(accessTokenGuard({ token: ctx.accessToken }));

  app.get("/healthcheck", async (_req, res) => {
    const failure = ctx.startupError();
    if (failure) throw new LunaError(Errors.ModelLoadFailed, failure);
    if (!ctx.isReady()) throw new LunaError(Errors.ServiceNotReady, "models are still loading");
    const sandbox = await ctx.lambdas.host.sandbox();
    res.json({
      status: "ok",
      backend: ctx.models.backend.name,
      models: ctx.models.status(),
      // How user code is walled in here: "bubblewrap", or "none" (Node's permission model only).
      lambda_sandbox: {
        kind: sandbox.kind,
        detail: sandbox.detail,
        required: ctx.config.lambdaSandbox === "required",
        memory_cap: sandbox.kind === "bubblewrap" ? memoryCapKind() : "watchdog",
      },
    });
  });

  const notReady = () => {
    const failure = ctx.startupError();
    if (failure) throw new LunaError(Errors.ModelLoadFailed, failure);
    if (!ctx.isReady()) throw new LunaError(Errors.ServiceNotReady, "models are still loading");
  };
  // /sdk answers 503 until the models are loaded (version, health and docs always answer).
  app.use(`${REMOTE_SDK_PREFIX}/sdk`, (_req, _res, next) => {
    try {
      notReady();
      next();
    } catch (error) {
      next(error);
    }
  });
  const remoteSdk: ServiceTable = {
    name: "Luna Remote SDK (embedded, on the inference core)",
    prefix: REMOTE_SDK_PREFIX,
    version: "1",
    maxBodyBytes: ctx.config.maxBodyBytes,
    routes: [
      ...remoteSdkRoutes({
        pipeline: ctx.pipeline,
        maxBodyBytes: ctx.config.maxBodyBytes,
        maxImages: ctx.config.maxImages,
      }),
      ...modelsRoutes({ models: ctx.models, store: ctx.userModels, maxModelBytes: ctx.config.maxBodyBytes }),
    ],
  };
  const documented: ServiceTable[] = [withServiceBasics(remoteSdk, 1, null, notReady)];
  app.use(REMOTE_SDK_PREFIX, buildRouter(documented[0]!));

  const faces = new FacesRepository(ctx.db);
  const limit = ctx.config.maxBodyBytes;
  const services: [ServiceTable, number][] = [
    [facesService(faces, limit), 3],
    [eventsService(new EventsRepository(ctx.db), limit), 2],
    [imageStoreService(new ImagesRepository(ctx.db, ctx.blobs), limit), 1],
    [matcherService(faces, ctx.matcherIndex, { maxBodyBytes: limit }), 1],
    [senderService(ctx.sender, limit), 1],
    [lambdasService(ctx.lambdas.repo, ctx.lambdas.host, limit), 1],
  ];
  for (const [table, apiVersion] of services) {
    const full = withServiceBasics(table, apiVersion, ctx.db);
    documented.push(full);
    app.use(table.prefix, buildRouter(full));
  }
  app.get("/docs", (_req, res) => {
    res.type("html").send(servicesDocsPage(documented));
  });
  // The README, linked from the playground's header (plain text: the browser shows the Markdown as written).
  app.get("/README.md", (_req, res) => {
    res.set("x-content-type-options", "nosniff").type("text/plain; charset=utf-8");
    res.sendFile(join(import.meta.dirname, "..", "README.md"));
  });

  // Model files never change under a name (sha256-pinned): let browsers cache them for good.
  app.use(
    "/models",
    express.static(ctx.config.modelsDir, { immutable: true, maxAge: "365d", index: false, fallthrough: true }),
  );

  // Pyodide for Python lambdas in the browser, from the npm package (never a CDN); only its runtime files.
  const pyodideFiles = new Set([
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
  ]);
  app.use(
    "/pyodide",
    (req, _res, next) => (pyodideFiles.has(req.path.slice(1)) ? next() : notFoundHandler(req, _res, next)),
    express.static(pyodideDir(), { maxAge: "1d", index: false }),
  );

  // The luna-lambda-tools declarations for the editor's IntelliSense (built with the bundle).
  app.use("/types", express.static(join(ctx.config.webDistDir, "..", "types"), { index: false, maxAge: 0 }));

  const web = ctx.config.webDistDir;
  if (existsSync(join(web, "index.html"))) {
    app.use(express.static(web, { index: "index.html" }));
  } else {
    app.get("/", (_req, res) => {
      res
        .type("text/plain")
        .send("The playground bundle is not built: run `npm run build` (npm start does it for you).\n");
    });
  }

  app.use(notFoundHandler);
  app.use(errorHandler(ctx.logger));
  return app;
}
