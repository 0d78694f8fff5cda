/**
 * The runtime of an exported lambda project, bundled by esbuild into
 * `vendor/luna-lambda-runtime.mjs` (the project's `luna-lambda-tools` package). It is both what the
 * lambda imports (the luna-lambda-tools API) and the project's command line:
 *
 *   node vendor/luna-lambda-runtime.mjs fetch-models           built-in models (npm postinstall)
 *   node vendor/luna-lambda-runtime.mjs serve  dist/lambda_main.mjs          POST /main on PORT (8000)
 *   node vendor/luna-lambda-runtime.mjs replay dist/lambda_main.mjs requests  compare with saved replies
 *
 * The lambda runs in this process (a container is its sandbox); engine.* runs on onnxruntime-node
 * here too. Settings: lambda.json, then environment variables (JSON per setting) override.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { decode } from "@msgpack/msgpack";
import { EngineHost } from "../../shared/lambda/engineHost.ts";
import { engineTransportFrom, setEngineTransport } from "../../shared/lambda/engine.ts";
import { createLambdaInstance, type LambdaModule } from "../../shared/lambda/lambdaInstance.ts";
import { logger } from "../../shared/lambda/logger.ts";
import { lambdaJsonSchema } from "../../shared/lambda/archive.ts";
import { LambdaApp } from "../../shared/lambda/lambdaApp.ts";
import { LAMBDA_SPEC_FILES, parseLambdaSpec } from "../../shared/lambda/lambdaSpec.ts";
import { compareReplies } from "../../shared/lambda/replyComparison.ts";
import { readSavedRequestEntries } from "../../shared/lambda/savedRequests.ts";
import { resolveSettings, settingsFromEnv } from "../../shared/lambda/settings.ts";
import { ModelRegistry } from "../../shared/inference/modelRegistry.ts";
import { closeServer, createLambdaMainApp, listenOn } from "../lambdaMainApp.ts";
import { createLogger, type LogLevel } from "../logger.ts";
import { asyncRequestContext } from "../runtime/asyncRequestContext.ts";
import { createFsModelSource } from "../runtime/fsModelSource.ts";
import { lambdaFileReader } from "../runtime/lambdaFiles.ts";
import { installBuiltinModels } from "../runtime/modelInstaller.ts";
import { createOrtNodeBackend } from "../runtime/ortNode.ts";
import { createSharpCodec } from "../runtime/sharpCodec.ts";

// What lambda code imports from "luna-lambda-tools".
export * from "../../shared/lambda/index.ts";
export { compareReplies, type SavedReply } from "../../shared/lambda/replyComparison.ts";

export interface ProjectRuntimeOptions {
  /** The project folder (lambda.json, models/); default: the current directory. */
  root?: string;
  /** Built-in models; default LUNA_MODELS_DIR or node_modules/.cache/luna-lambda-models. */
  modelsDir?: string;
  env?: Record<string, string | undefined>;
}

function builtinModelsDir(root: string, env: Record<string, string | undefined>): string {
  return resolve(root, env.LUNA_MODELS_DIR ?? "node_modules/.cache/luna-lambda-models");
}

/** The project's own OpenAPI document (openapi.json / .yml / .yaml at its root), if it ships one. */
function readOwnSpec(root: string): Record<string, unknown> | undefined {
  const file = LAMBDA_SPEC_FILES.find((name) => existsSync(join(root, name)));
  return file ? parseLambdaSpec(file, readFileSync(join(root, file), "utf8")) : undefined;
}

/** Loads the compiled lambda with its settings and an in-process inference engine. */
export async function loadProjectLambda(bundle: string, options: ProjectRuntimeOptions = {}) {
  const root = resolve(options.root ?? process.cwd());
  const env = options.env ?? process.env;
  const lambdaJsonPath = join(root, "lambda.json");
  const meta = lambdaJsonSchema.parse(
    existsSync(lambdaJsonPath) ? JSON.parse(readFileSync(lambdaJsonPath, "utf8")) : {},
  );
  const type = meta.lambda_type ?? "handlers";
  const settings = resolveSettings({ ...meta.settings, ...settingsFromEnv(env) }, env.LUNA_SERVICES_ORIGIN);
  const threads = Number(env.ORT_THREADS ?? 1);
  const registry = new ModelRegistry(
    createOrtNodeBackend({ intraOpThreads: Number.isInteger(threads) && threads > 0 ? threads : 1 }),
    createFsModelSource(options.modelsDir ?? builtinModelsDir(root, env)),
  );
  const engine = new EngineHost(registry, createSharpCodec(), lambdaFileReader(root));
  setEngineTransport(engineTransportFrom((operation, args) => engine.handle(operation, args)));
  logger.configure({
    level: settings.LUNA_LAMBDA_UNIT_LOGGER.log_level,
    utc: settings.LUNA_LAMBDA_UNIT_LOGGER.log_time === "UTC",
    // Requests are answered concurrently: each line carries the id of the request whose code wrote it.
    context: asyncRequestContext(),
    sink: (record) =>
      process.stdout.write(
        `${record.time} ${record.level} ${record.requestId ? `[${record.requestId}] ` : ""}${record.message}\n`,
      ),
  });
  const module = (await import(pathToFileURL(resolve(root, bundle)).href)) as LambdaModule;
  const lambda = createLambdaInstance(module, type, settings);
  await lambda.ready;
  const app = new LambdaApp(lambda, { name: meta.name ?? "lambda", type, settings, spec: readOwnSpec(root) });
  return {
    name: meta.name ?? "lambda",
    type,
    settings,
    lambda,
    app,
    async dispose() {
      await lambda.shutdown();
      setEngineTransport(null);
      await engine.dispose();
      await registry.dispose();
    },
  };
}

/** Serves POST /main; resolves with the address and a close function. */
export async function serveLambda(
  bundle: string,
  options: ProjectRuntimeOptions & { port?: number; host?: string } = {},
) {
  const env = options.env ?? process.env;
  const loaded = await loadProjectLambda(bundle, options);
  const log = createLogger((env.LOG_LEVEL as LogLevel | undefined) ?? "info");
  const app = createLambdaMainApp({ type: loaded.type, handle: (request) => loaded.app.handle(request), logger: log });
  const { server, url } = await listenOn(
    app,
    options.port ?? Number(env.PORT ?? 8000),
    options.host ?? env.HOST ?? "127.0.0.1",
  );
  log.info(
    `lambda '${loaded.name}' (${loaded.type}) listening on ${url}/main; Luna services: faces at ${loaded.settings.LUNA_FACES_ADDRESS.origin}`,
  );
  return {
    url,
    async close() {
      await closeServer(server);
      await loaded.dispose();
    },
  };
}

/**
 * Posts every saved request (requests/, shared/lambda/savedRequests.ts layout) to the lambda and
 * compares the reply with the saved one. Returns the differences per request (empty = identical).
 */
export async function replayRequests(bundle: string, requestsDir: string, options: ProjectRuntimeOptions = {}) {
  const files = existsSync(requestsDir)
    ? readdirSync(requestsDir).filter((f) => f.endsWith(".json") || f.endsWith(".msgpack"))
    : [];
  const entries = Object.fromEntries(files.map((f) => [f, new Uint8Array(readFileSync(join(requestsDir, f)))]));
  const requests = readSavedRequestEntries(entries, "requests/");
  const served = await serveLambda(bundle, { ...options, port: 0, host: "127.0.0.1" });
  const results: { name: string; differences: string[]; skipped?: string }[] = [];
  try {
    for (const request of requests) {
      if (!request.reply) {
        results.push({
          name: request.name,
          differences: [],
          skipped: `no saved reply (requests/${request.name}.reply.json): run it and save one to compare`,
        });
        continue;
      }
      const msgpack = `${request.name}.msgpack` in entries;
      if (msgpack) {
        try {
          decode(request.body);
        } catch {
          throw new Error(`requests/${request.name}.msgpack is not msgpack`);
        }
      }
      const search = new URLSearchParams(request.query ?? {}).toString();
      const response = await fetch(`${served.url}/main${search ? `?${search}` : ""}`, {
        method: "POST",
        headers: { ...request.headers, "content-type": msgpack ? "application/msgpack" : "application/json" },
        body: request.body as Uint8Array<ArrayBuffer>,
      });
      const actual = { status: response.status, body: (await response.json()) as unknown };
      results.push({ name: request.name, differences: compareReplies(request.reply, actual) });
    }
  } finally {
    await served.close();
  }
  return results;
}

async function cli(argv: string[]): Promise<number> {
  const [command, bundle, requestsDir] = argv;
  if (command === "fetch-models") {
    installBuiltinModels(builtinModelsDir(process.cwd(), process.env));
    return 0;
  }
  if ((command === "serve" || command === "replay") && bundle) {
    if (command === "serve") {
      const served = await serveLambda(bundle);
      const stop = () => void served.close().then(() => process.exit(0));
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      return -1;
    }
    const results = await replayRequests(bundle, requestsDir ?? "requests");
    for (const r of results)
      console.log(
        r.skipped
          ? `skip ${r.name}: ${r.skipped}`
          : r.differences.length
            ? `FAIL ${r.name}\n  ${r.differences.join("\n  ")}`
            : `ok   ${r.name}`,
      );
    const compared = results.filter((r) => !r.skipped);
    const failed = compared.filter((r) => r.differences.length > 0).length;
    console.log(
      compared.length === 0
        ? "no saved replies in requests/ to compare"
        : `${compared.length - failed} of ${compared.length} saved replies reproduced`,
    );
    return failed > 0 ? 1 : 0;
  }
  console.error(
    "usage: luna-lambda-runtime.mjs fetch-models | serve <lambda bundle> | replay <lambda bundle> [requests dir]",
  );
  return 2;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  cli(process.argv.slice(2)).then(
    (code) => {
      if (code >= 0) process.exit(code);
    },
    (error: unknown) => {
      console.error(`luna-lambda-runtime: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
