/**
 * The seed's local-run mode: one lambda (a folder or a zip) served on its own with `POST /main`
 * (port 8000 by default), sandboxed exactly as the lambda service runs it. Its services default to
 * the playground's embedded ones (LUNA_SERVICES_ORIGIN, http://127.0.0.1:5000); lambda.json
 * settings override them.
 */
import { zipSync } from "fflate";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { readLambdaArchive, type LambdaArchive } from "../shared/lambda/archive.ts";
import { resolveSettings, settingsFromEnv } from "../shared/lambda/settings.ts";
import type { Logger } from "./logger.ts";
import { closeServer, createLambdaMainApp, listenOn } from "./lambdaMainApp.ts";
import { compileLambda } from "./runtime/lambdaCompiler.ts";
import { LambdaSandbox } from "./runtime/lambdaSandbox.ts";
import { EngineHost } from "../shared/lambda/engineHost.ts";
import { lambdaFileReader } from "./runtime/lambdaFiles.ts";
import { ModelRegistry } from "../shared/inference/modelRegistry.ts";
import { createFsModelSource } from "./runtime/fsModelSource.ts";
import { createOrtNodeBackend } from "./runtime/ortNode.ts";
import { createSharpCodec } from "./runtime/sharpCodec.ts";

/** A folder laid out like a lambda zip, read into the same shape. */
function readLambdaFolder(dir: string): LambdaArchive {
  const walk = (d: string): string[] =>
    readdirSync(d).flatMap((name) => {
      const full = join(d, name);
      if (name === "node_modules" || name.startsWith(".")) return [];
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
  const entries = Object.fromEntries(walk(dir).map((file) => [relative(dir, file), new Uint8Array(readFileSync(file))]));
  // One reader for both forms: the folder goes through the same checks as an uploaded zip.
  return readLambdaArchive(zipSync(entries));
}

export interface StandaloneOptions {
  source: string;
  port: number;
  host: string;
  servicesOrigin: string;
  timeoutMs: number;
  memoryMb: number;
  modelsDir: string;
  logger: Logger;
}

export async function serveStandaloneLambda(options: StandaloneOptions): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync(options.source)) throw new Error(`no such lambda folder or zip: ${options.source}`);
  const archive = statSync(options.source).isDirectory()
    ? readLambdaFolder(options.source)
    : readLambdaArchive(new Uint8Array(readFileSync(options.source)));
  const work = mkdtempSync(join(tmpdir(), "luna-lambda-"));
  const src = join(work, "src");
  for (const [path, content] of Object.entries({ "lambda_main.ts": archive.code, ...archive.modules, ...archive.files })) {
    await mkdir(dirname(join(src, path)), { recursive: true });
    await writeFile(join(src, path), content);
  }
  const compiled = await compileLambda(src, join(work, "build"));
  if (!compiled.ok) {
    rmSync(work, { recursive: true, force: true });
    throw new Error(`compilation failed:\n${compiled.errors.map((e) => `  ${e.file ?? ""}:${e.line ?? ""}:${e.column ?? ""} ${e.text}`).join("\n")}`);
  }
  const type = archive.lambdaType ?? "handlers";
  // engine.* runs here, in this (unsandboxed) host process, on the project's models — loaded on first use.
  let registry: ModelRegistry | null = null;
  let engineHost: EngineHost | null = null;
  const engineFor = (): EngineHost => {
    registry ??= new ModelRegistry(createOrtNodeBackend({ intraOpThreads: 1 }), createFsModelSource(options.modelsDir));
    engineHost ??= new EngineHost(registry, createSharpCodec(), lambdaFileReader(src));
    return engineHost;
  };
  const sandbox = new LambdaSandbox({
    engine: (operation, args) => engineFor().handle(operation, args),
    bundle: compiled.bundle,
    type,
    // lambda.json, then environment variables (JSON per setting), override the defaults.
    settings: resolveSettings({ ...archive.settings, ...settingsFromEnv(process.env) }, options.servicesOrigin),
    timeoutMs: options.timeoutMs,
    memoryMb: options.memoryMb,
    onLog: (r) => options.logger.info(`[lambda] ${r.level} ${r.message}`, r.requestId ?? undefined),
  });

  const app = createLambdaMainApp({ type, invoke: (request) => sandbox.invoke(request), logger: options.logger });
  const { server, url } = await listenOn(app, options.port, options.host);
  options.logger.info(`lambda (${type}) listening on ${url}/main; services at ${options.servicesOrigin}`);
  return {
    url,
    async close() {
      await sandbox.close();
      await engineHost?.dispose();
      await registry?.dispose();
      await closeServer(server);
      rmSync(work, { recursive: true, force: true });
    },
  };
}
