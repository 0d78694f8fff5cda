/** Builds the runtime (ORT-node backend, sharp codec, model registry, pipeline) and starts HTTP. */
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { ModelRegistry } from "../shared/inference/modelRegistry.ts";
import { DEFAULT_PIPELINE_OPTIONS, FacePipeline } from "../shared/inference/pipeline.ts";
import { createApp, type AppContext } from "./app.ts";
import type { ServerConfig } from "./config.ts";
import { createLogger, type Logger } from "./logger.ts";
import { createFsModelSource } from "./runtime/fsModelSource.ts";
import { createOrtNodeBackend } from "./runtime/ortNode.ts";
import { createSharpCodec } from "./runtime/sharpCodec.ts";
import { join } from "node:path";
import { MatcherIndex } from "./services/matcherIndex/matcherIndex.ts";
import { SenderHub } from "./services/sender.ts";
import { BlobStore } from "./store/blobStore.ts";
import { buildHnswIndex, refreshStatistics } from "./store/hnswIndex.ts";
import { openDatabase } from "./store/openDatabase.ts";
import { UserModelStore } from "./store/userModelStore.ts";
import { LambdaHost } from "./runtime/lambdaHost.ts";
import { memoryCapKind } from "./runtime/lambdaCgroup.ts";
import { LambdasRepository } from "./store/lambdasRepository.ts";
import { accessTokenFailure, accessTokenFor } from "./http/accessToken.ts";
import { hostGuardFailure } from "./http/hostGuard.ts";
import { lunaJsonText } from "./http/errors.ts";

export interface RunningServer {
  url: string;
  /** The access token clients must present (null: none needed). */
  accessToken: string | null;
  context: AppContext;
  /** Resolves when the server can answer /sdk: model files checked (every model loaded with PRELOAD_MODELS=all), user models loaded. */
  ready: Promise<void>;
  close(): Promise<void>;
}

export async function startServer(
  config: ServerConfig,
  logger: Logger = createLogger(config.logLevel),
): Promise<RunningServer> {
  const models = new ModelRegistry(
    createOrtNodeBackend({ intraOpThreads: config.ortThreads }),
    createFsModelSource(config.modelsDir),
  );
  const codec = createSharpCodec();
  const pipeline = new FacePipeline(models, codec, {
    ...DEFAULT_PIPELINE_OPTIONS,
    detect: { ...DEFAULT_PIPELINE_OPTIONS.detect, threshold: config.detectionThreshold },
    limits: { maxPixels: config.maxImagePixels },
    faceCheck: config.faceCheck,
    cost: { maxRequestPixels: config.maxRequestPixels, maxBoxesPerImage: config.maxBoxesPerImage },
  });
  let ready = false;
  let failure: string | null = null;
  const userModels = new UserModelStore(config.dataDir);
  const db = await openDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    poolSize: config.databasePoolSize,
  });
  logger.info(`database: ${db.driver}${config.databaseUrl ? "" : ` in ${join(config.dataDir, "pglite")}`}`);
  if (config.matcherHnsw) await buildHnswIndex(db);
  // PostgreSQL's autovacuum keeps statistics fresh; PGlite has none, so refresh them at start-up.
  else if (db.driver === "pglite") await refreshStatistics(db);
  // The matcher's in-memory index: every stored descriptor, before the server answers (docs/matcher.md).
  const indexStarted = performance.now();
  const matcherIndex = new MatcherIndex(db, config.matcherIndex);
  const indexedFaces = await matcherIndex.load();
  logger.info(
    `matcher index: ${indexedFaces} faces loaded in ${(performance.now() - indexStarted).toFixed(0)} ms (${config.matcherIndex.mode})`,
  );
  const sender = new SenderHub();
  const blobs = new BlobStore(join(config.dataDir, "blobs"));
  let selfOrigin = "";
  const accessToken = accessTokenFor(config.host, config.authToken);
  const lambdaRepo = new LambdasRepository(db);
  const lambdaHost = new LambdaHost(
    join(config.dataDir, "lambdas"),
    lambdaRepo,
    () => selfOrigin,
    {
      timeoutMs: config.lambdaTimeoutMs,
      memoryMb: config.lambdaMemoryMb,
      cpuSeconds: config.lambdaCpuSeconds,
      maxProcesses: config.lambdaMaxProcesses,
      concurrency: config.lambdaConcurrency,
      maxBodyBytes: config.maxBodyBytes,
      allowedHosts: config.lambdaAllowedHosts,
      sandbox: config.lambdaSandbox,
      bwrap: config.lambdaBwrap,
    },
    { models, codec },
    // Lambdas' requests to the embedded services pass the control plane's token (never shown to the lambda).
    (): Record<string, string> => (accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
  );
  // The address the server was told to listen on is a name its clients use: allowed like ALLOWED_HOSTS.
  const listenHost = config.host.replace(/^\[|\]$/g, "").toLowerCase();
  const hostPolicy = {
    allowedHosts: ["0.0.0.0", "::"].includes(listenHost) ? config.allowedHosts : [...config.allowedHosts, listenHost],
    allowedOrigins: config.allowedOrigins,
  };
  const context: AppContext = {
    config,
    logger,
    models,
    pipeline,
    userModels,
    db,
    matcherIndex,
    blobs,
    sender,
    lambdas: { repo: lambdaRepo, host: lambdaHost },
    accessToken,
    hostPolicy,
    isReady: () => ready,
    startupError: () => failure,
  };
  const app = createApp(context);

  const started = performance.now();
  const loadUserModels = async () => {
    for (const stored of await userModels.loadAll((message) => logger.warning(message))) {
      await models.registerUserModel(stored.manifest, stored.bytes, stored.account).then(
        () =>
          logger.info(
            `user model '${stored.manifest.kind}' of account ${stored.account} loaded from ${config.dataDir}`,
          ),
        (error: unknown) => logger.warning(`user model '${stored.manifest.kind}' rejected: ${String(error)}`),
      );
    }
  };
  // Lazy by default: start-up only checks the files are there; each request loads what its flags need.
  const builtin = config.preloadModels === "all" ? models.loadAll() : models.checkFiles();
  const loading = Promise.all([builtin, loadUserModels()]).then(
    () => {
      ready = true;
      logger.info(
        config.preloadModels === "all"
          ? `models loaded in ${(performance.now() - started).toFixed(0)} ms (${models.backend.name})`
          : `models load on first use (${models.backend.name}; PRELOAD_MODELS=all loads them at start)`,
      );
    },
    (error: unknown) => {
      failure = error instanceof Error ? error.message : String(error);
      logger.error(`model loading failed: ${failure}`);
      throw error;
    },
  );
  loading.catch(() => undefined); // reported through /healthcheck; the server keeps serving

  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, config.host, () => resolve(s));
    s.once("error", reject);
  });
  // Longer than clients' idle pools: with Node's 5 s default a client may reuse a connection the
  // server is just closing (ECONNRESET after a pause, seen in the bench).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on("upgrade", (req, socket, head) => {
    // A WebSocket is opened with GET but acts like a write: checked as one (no cross-site hijacking).
    const refused =
      hostGuardFailure("POST", req.headers, hostPolicy) ??
      accessTokenFailure(new URL(req.url ?? "/", "http://localhost").pathname, req.headers, { token: accessToken });
    if (refused) {
      const body = lunaJsonText(refused.toBody());
      socket.end(
        `HTTP/1.1 ${refused.status} ${refused.spec.desc}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    if (!sender.handleUpgrade(req, socket, head)) socket.destroy();
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  // Lambdas reach the embedded services at this address (loopback when listening on all interfaces).
  const reachableHost = ["0.0.0.0", "::"].includes(config.host) ? "127.0.0.1" : config.host;
  selfOrigin = `http://${reachableHost.includes(":") ? `[${reachableHost}]` : reachableHost}:${port}`;
  const sandbox = await lambdaHost.sandbox();
  if (sandbox.kind === "bubblewrap") {
    const memory =
      memoryCapKind() === "cgroup"
        ? "a cgroup per process"
        : "a watchdog on resident memory (no cgroup can be made here)";
    logger.info(
      `lambdas run in an OS sandbox: ${sandbox.detail} (own PID, network, IPC and mount namespaces; memory capped by ${memory}; CPU and process limits)`,
    );
  } else {
    const refused = config.lambdaSandbox === "required";
    logger.warning(
      `lambdas have NO OS sandbox: ${sandbox.detail}. ${refused ? "LAMBDA_SANDBOX=required: lambdas are refused." : "They run under Node's permission model only — a seat belt, not a security boundary: run only code you trust (see README, Security)."}`,
    );
  }
  await lambdaHost.restoreAll();
  logger.info(`luna-lambda-playground listening on ${url}`);
  // The ready-to-open URL sets the token cookie (HttpOnly, SameSite=Strict) and lands on the playground.
  if (accessToken !== null) {
    const wildcard = ["0.0.0.0", "::"].includes(listenHost);
    const openUrl = wildcard ? `http://127.0.0.1:${port}` : url;
    logger.info(
      `access token required; open ${openUrl}/?token=${accessToken} (or send 'Authorization: Bearer <token>')`,
    );
    if (wildcard && config.allowedHosts.length === 0)
      logger.warning(
        "listening on all interfaces: set ALLOWED_HOSTS to the names or addresses other machines use to reach this server",
      );
  }
  return {
    url,
    accessToken,
    context,
    ready: loading,
    async close() {
      sender.close();
      await lambdaHost.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await loading.catch(() => undefined);
      await models.dispose();
      await matcherIndex.close();
      await db.close();
    },
  };
}
