/**
 * The seed's local-run mode: one lambda (a folder or a zip) served on its own with `POST /main`
 * (port 8000 by default), sandboxed exactly as the lambda service runs it. Its services default to
 * the playground's embedded ones (LUNA_SERVICES_ORIGIN, http://127.0.0.1:5000); lambda.json
 * settings override them.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { lambdaArchiveFromEntries, readLambdaArchive, type LambdaArchive } from "../shared/lambda/archive.ts";
import type { LambdaReply, LambdaType } from "../shared/lambda/invoke.ts";
import type { IncomingLambdaRequest } from "../shared/lambda/request.ts";
import type { LambdaHttpReply, LambdaHttpRequest } from "../shared/lambda/lambdaApp.ts";
import { resolveSettings, settingsAtOrigin, settingsFromEnv } from "../shared/lambda/settings.ts";
import type { Logger } from "./logger.ts";
import { closeServer, createLambdaMainApp, listenOn } from "./lambdaMainApp.ts";
import { compileLambda } from "./runtime/lambdaCompiler.ts";
import { lambdaEgress } from "./runtime/lambdaEgress.ts";
import { serviceHosts } from "../shared/lambda/egressRules.ts";
import { LambdaSandbox } from "./runtime/lambdaSandbox.ts";
import { EngineHost } from "../shared/lambda/engineHost.ts";
import { lambdaFileReader } from "./runtime/lambdaFiles.ts";
import { ModelRegistry } from "../shared/inference/modelRegistry.ts";
import { createFsModelSource } from "./runtime/fsModelSource.ts";
import { createOrtNodeBackend } from "./runtime/ortNode.ts";
import { createSharpCodec } from "./runtime/sharpCodec.ts";
import { listFiles } from "./runtime/fileTree.ts";

/** A folder laid out like a lambda zip, read into the same shape. */
function readLambdaFolder(dir: string): LambdaArchive {
  const paths = listFiles(dir, (name) => name === "node_modules" || name.startsWith("."));
  const entries = Object.fromEntries(paths.map((path) => [path, new Uint8Array(readFileSync(join(dir, path)))]));
  // One reader for both forms: the folder goes through the same checks as an uploaded zip.
  return lambdaArchiveFromEntries(entries);
}

/** A lambda folder (also an exported project) or zip, checked like an upload. */
export async function readLambdaSource(source: string): Promise<LambdaArchive> {
  if (!existsSync(source)) throw new Error(`no such lambda folder or zip: ${source}`);
  return statSync(source).isDirectory()
    ? readLambdaFolder(source)
    : await readLambdaArchive(new Uint8Array(readFileSync(source)));
}

export interface SandboxedLambdaOptions {
  /** A folder or zip path, or a lambda already read. */
  source: string | LambdaArchive;
  /** Origin of the Luna services; null: lambda.json's addresses (default: the playground on 127.0.0.1:5000). */
  servicesOrigin: string | null;
  /** The access token of those services (a playground beyond loopback or with AUTH_TOKEN); null: none. */
  servicesToken?: string | null;
  timeoutMs: number;
  /** Requests the lambda answers at once (LAMBDA_CONCURRENCY; default 16). */
  concurrency?: number;
  memoryMb: number;
  maxBodyBytes: number;
  /** Hosts the lambda may reach besides its settings' service addresses (LAMBDA_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
  modelsDir: string;
  logger: Logger;
}

export interface StandaloneOptions extends SandboxedLambdaOptions {
  port: number;
  host: string;
}

export interface SandboxedLambda {
  archive: LambdaArchive;
  type: LambdaType;
  /** Where its Faces client points (for the log line). */
  facesOrigin: string;
  invoke(request: IncomingLambdaRequest): Promise<LambdaReply>;
  /** Any path of the lambda's surface (main, routes, healthcheck, metrics, spec). */
  handle(request: LambdaHttpRequest): Promise<LambdaHttpReply>;
  close(): Promise<void>;
}

/** Compiles the lambda and prepares its sandbox (started on the first request). */
export async function loadSandboxedLambda(options: SandboxedLambdaOptions): Promise<SandboxedLambda> {
  const archive = typeof options.source === "string" ? await readLambdaSource(options.source) : options.source;
  const work = mkdtempSync(join(tmpdir(), "luna-lambda-"));
  const src = join(work, "src");
  const entry = archive.language === "python" ? "lambda_main.py" : "lambda_main.ts";
  for (const [path, content] of Object.entries({ [entry]: archive.code, ...archive.modules, ...archive.files })) {
    await mkdir(dirname(join(src, path)), { recursive: true });
    await writeFile(join(src, path), content);
  }
  const compiled = await compileLambda(
    src,
    join(work, "build"),
    archive.language === "python" ? "python" : "typescript",
  );
  if (!compiled.ok) {
    rmSync(work, { recursive: true, force: true });
    throw new Error(
      `compilation failed:\n${compiled.errors.map((e) => `  ${e.file ?? ""}:${e.line ?? ""}:${e.column ?? ""} ${e.text}`).join("\n")}`,
    );
  }
  const type = archive.lambdaType ?? "handlers";
  const settings = resolveSettings(
    { ...settingsAtOrigin(archive.settings, options.servicesOrigin), ...settingsFromEnv(process.env) },
    options.servicesOrigin ?? undefined,
  );
  // engine.* runs here, in this (unsandboxed) host process, on the project's models — loaded on first use.
  let registry: ModelRegistry | null = null;
  let engineHost: EngineHost | null = null;
  const engineFor = (): EngineHost => {
    registry ??= new ModelRegistry(createOrtNodeBackend({ intraOpThreads: 1 }), createFsModelSource(options.modelsDir));
    engineHost ??= new EngineHost(registry, createSharpCodec(), lambdaFileReader(src));
    return engineHost;
  };
  // The lambda reaches the services its settings name (and LAMBDA_ALLOWED_HOSTS), as the account of the request it handles.
  const sandbox: LambdaSandbox = new LambdaSandbox({
    engine: (operation, args) => engineFor().handle(operation, args),
    buildDir: join(work, "build"),
    language: archive.language === "python" ? "python" : "typescript",
    type,
    name: archive.name ?? "lambda",
    // lambda.json, then environment variables (JSON per setting), override the defaults.
    settings,
    timeoutMs: options.timeoutMs,
    maxConcurrent: options.concurrency ?? 16,
    memoryMb: options.memoryMb,
    maxMessageBytes: options.maxBodyBytes,
    onLog: (r) => options.logger.info(`[lambda] ${r.level} ${r.message}`, r.requestId ?? undefined),
    egress: lambdaEgress({
      selfOrigin: () => new URL(settings.LUNA_FACES_ADDRESS.origin).origin,
      allowedHosts: [...new Set([...serviceHosts(settings), ...options.allowedHosts])],
      accountId: (request) => sandbox.accountFor(request),
      maxBodyBytes: options.maxBodyBytes,
      // Added by the host, never seen by the lambda: the token of the services it calls.
      selfHeaders: (): Record<string, string> =>
        options.servicesToken ? { authorization: `Bearer ${options.servicesToken}` } : {},
    }),
  });

  return {
    archive,
    type,
    facesOrigin: settings.LUNA_FACES_ADDRESS.origin,
    invoke: (request) => sandbox.invoke(request),
    handle: (request) => sandbox.invoke(request),
    async close() {
      await sandbox.close();
      await engineHost?.dispose();
      await registry?.dispose();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export async function serveStandaloneLambda(
  options: StandaloneOptions,
): Promise<{ url: string; close(): Promise<void> }> {
  const lambda = await loadSandboxedLambda(options);
  const app = createLambdaMainApp({
    type: lambda.type,
    handle: (request) => lambda.handle(request),
    logger: options.logger,
  });
  const { server, url } = await listenOn(app, options.port, options.host);
  options.logger.info(`lambda (${lambda.type}) listening on ${url}/main; Luna Faces at ${lambda.facesOrigin}`);
  return {
    url,
    async close() {
      await closeServer(server);
      await lambda.close();
    },
  };
}
