/// <reference lib="webworker" />
/**
 * Runs the editor's lambda in the browser: esbuild-wasm (the compiler the server uses, so errors
 * read the same) turns lambda_main.ts into a CommonJS function whose only import is
 * luna-lambda-tools; `main(request)` then runs with real clients — other services over HTTP, the
 * Remote SDK and `engine.*` answered by the inference worker through a MessagePort. The page
 * terminates this worker when a run exceeds its timeout.
 */
import * as esbuild from "esbuild-wasm";
import esbuildWasmUrl from "esbuild-wasm/esbuild.wasm?url";
import * as lambdaTools from "../../shared/lambda/index.ts";
import { type LambdaReply, replyForError } from "../../shared/lambda/invoke.ts";
import { createLambdaInstance, type LambdaModule } from "../../shared/lambda/lambdaInstance.ts";
import { LambdaApp } from "../../shared/lambda/lambdaApp.ts";
import { PendingCalls } from "../../shared/rpc/pendingCalls.ts";
import { bundleStackMapper } from "./bundleStackMapper.ts";
import { BUNDLE_NAME, debuggableBundle } from "./debuggableBundle.ts";
import { cleanStack } from "../../shared/lambda/stackTrace.ts";
import { logger } from "../../shared/lambda/logger.ts";
import { engineTransportFrom, setEngineTransport } from "../../shared/lambda/engine.ts";
import { Errors, LunaError } from "../../shared/luna/errors.ts";
import { stageNames, type StageTimings } from "../../shared/inference/pipeline.ts";
import { PythonLambdaHost } from "../../shared/lambda/pythonLambda.ts";
import type {
  CompileError,
  InferencePortReply,
  InferencePortRequest,
  LambdaWorkerMessage,
  LambdaWorkerRequest,
} from "./lambdaProtocol.ts";

import { installWorkerEgress, setWorkerEgressContext } from "./workerEgress.ts";

declare const self: DedicatedWorkerGlobalScope;
installWorkerEgress();
const post = (message: LambdaWorkerMessage) => self.postMessage(message);

let compiler: Promise<void> | null = null;
function startCompiler(): Promise<void> {
  compiler ??= esbuild.initialize({ wasmURL: esbuildWasmUrl, worker: false });
  return compiler;
}

// The Python shims, as text (the same files the server copies into its Python sandboxes).
const PYTHON_SHIMS = Object.fromEntries(
  Object.entries(
    import.meta.glob("../../shared/lambda/python/**/*.py", { query: "?raw", import: "default", eager: true }) as Record<
      string,
      string
    >,
  ).map(([path, source]) => [path.replace("../../shared/lambda/python/", ""), source]),
);

let python: Promise<PythonLambdaHost> | null = null;
/** Pyodide from this server's /pyodide/ (the npm package's files), loaded once per worker. */
function startPython(): Promise<PythonLambdaHost> {
  python ??= (async () => {
    const indexURL = new URL("/pyodide/", self.location.origin).href;
    const { loadPyodide } = (await import(/* @vite-ignore */ `${indexURL}pyodide.mjs`)) as typeof import("pyodide");
    return PythonLambdaHost.install(await loadPyodide({ indexURL }), PYTHON_SHIMS);
  })();
  python.catch(() => (python = null));
  return python;
}

async function compilePython(
  code: string,
  modules: Record<string, string>,
  lambdaType: "handlers" | "standalone",
): Promise<{ module: LambdaModule } | { errors: CompileError[] }> {
  const loading = python === null;
  if (loading) post({ kind: "status", text: "loading Python (Pyodide)…" });
  const started = performance.now();
  const host = await startPython();
  if (loading) logger.info(`Python (Pyodide) loaded in ${(performance.now() - started).toFixed(0)} ms`);
  // A Python lambda's errors are its traceback (cleaned in shared/lambda/pythonLambda.ts); the worker's own frames go.
  logger.configure({
    stack: (error) =>
      cleanStack(error.stack ?? error.message, { lambdaRoots: [], runtimeRoots: [`${self.location.origin}/`] }),
  });
  const files = { ...modules, "lambda_main.py": code };
  const problems = Object.entries(files)
    .flatMap(([path, source]) => (path.endsWith(".py") ? [host.checkSyntax(source, path)] : []))
    .filter((p) => p !== null);
  if (problems.length > 0) return { errors: problems };
  return { module: await host.load(files, lambdaType) };
}

const ALLOWED = "a lambda may import only its own files (./…) and luna-lambda-tools";

/** `./lib/x` from `dir/y.ts` → `dir/lib/x` (no `..` above the lambda's root). */
function joinModulePath(fromDir: string, relative: string): string | null {
  const parts = fromDir ? fromDir.split("/") : [];
  for (const part of relative.split("/")) {
    if (part === "." || part === "") continue;
    if (part === "..") {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join("/");
}

/**
 * The lambda's own files as esbuild sees them: lambda_main.ts and its relative modules, nothing
 * else (the same rule as the server's build, lambdaBuild.ts); luna-lambda-tools stays a require.
 */
function lambdaFilesPlugin(files: Record<string, string>): esbuild.Plugin {
  return {
    name: "lambda-files",
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point") return { path: args.path, namespace: "lambda" };
        if (args.path === "luna-lambda-tools") return { path: args.path, external: true };
        if (/^\.\.?(\/|$)/.test(args.path)) {
          const dir = args.importer.includes("/") ? args.importer.slice(0, args.importer.lastIndexOf("/")) : "";
          const base = joinModulePath(dir, args.path);
          const found =
            base === null
              ? undefined
              : [base, `${base}.ts`, `${base}/index.ts`].find((candidate) => candidate in files);
          if (found) return { path: found, namespace: "lambda" };
          return {
            errors: [{ text: `import "${args.path}": the lambda has no such file (${Object.keys(files).join(", ")})` }],
          };
        }
        return { errors: [{ text: `import "${args.path}" is not allowed: ${ALLOWED}` }] };
      });
      build.onLoad({ filter: /.*/, namespace: "lambda" }, (args) => ({ contents: files[args.path]!, loader: "ts" }));
    },
  };
}

async function compile(
  code: string,
  modules: Record<string, string>,
): Promise<{ module: LambdaModule } | { errors: CompileError[] }> {
  await startCompiler();
  const files = {
    ...Object.fromEntries(Object.entries(modules).filter(([path]) => path.endsWith(".ts"))),
    "lambda_main.ts": code,
  };
  let js: string;
  let sourceMap: string;
  try {
    const result = await esbuild.build({
      entryPoints: ["lambda_main.ts"],
      outfile: "lambda_main.js",
      sourcemap: "external",
      sourcesContent: false,
      bundle: true,
      write: false,
      format: "cjs",
      target: "es2022",
      platform: "neutral",
      logLevel: "silent",
      plugins: [lambdaFilesPlugin(files)],
    });
    js = result.outputFiles.find((f) => f.path.endsWith(".js"))!.text;
    sourceMap = result.outputFiles.find((f) => f.path.endsWith(".map"))!.text;
  } catch (error) {
    const failure = error as { errors?: esbuild.Message[] };
    if (!failure.errors) throw error;
    return {
      errors: failure.errors.map((e) => ({
        file: (e.location?.file ?? "lambda_main.ts").replace(/^lambda:/, ""),
        line: e.location?.line ?? null,
        column: e.location?.column ?? null,
        text: e.text,
      })),
    };
  }
  const module = { exports: {} as LambdaModule };
  const requireModule = (name: string): unknown => {
    if (name === "luna-lambda-tools") return lambdaTools;
    throw new Error(`lambda_main.ts imports '${name}': ${ALLOWED}`);
  };
  // DevTools shows lambda_main.ts and its modules (inline source map, sourcesContent) and stops on their lines.
  const bundle = debuggableBundle(js, sourceMap, files);
  // Logged errors read lambda_main.ts:4:9, not the bundle's lines (the map already counts new Function's header).
  const mapStack = bundleStackMapper(bundle.sourceMap, BUNDLE_NAME, 0, self.location.origin);
  logger.configure({ stack: (error) => mapStack(error.stack ?? error.message) });
  // The module body runs once per run; its sourceURL names it in stack traces and in DevTools.
  new Function("require", "module", "exports", bundle.body)(requireModule, module, module.exports);
  return { module: module.exports };
}

type WithoutId<T> = T extends unknown ? Omit<T, "id"> : never;

/** Calls over the port to the inference worker, matched by id (shared/rpc/pendingCalls.ts). */
function inferenceCaller(port: MessagePort) {
  const calls = new PendingCalls<InferencePortReply>();
  port.onmessage = (event: MessageEvent<InferencePortReply>) => void calls.settle(event.data.id, { value: event.data });
  return (request: WithoutId<InferencePortRequest>, transfer: Transferable[] = []) =>
    calls.start((id) => port.postMessage({ ...request, id }, transfer));
}

/** fetch for the lambda's clients: the Remote SDK address is answered in the worker, the rest goes out over HTTP. */
function fetchWithLocalSdk(
  sdkBase: string,
  call: ReturnType<typeof inferenceCaller>,
  sdkTimings: StageTimings[],
): typeof fetch {
  return async (input, init) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    if (!`${url.origin}${url.pathname}`.startsWith(`${sdkBase}/sdk`)) return fetch(input, init);
    const headers = new Headers(init?.headers);
    const body = init?.body ? new Uint8Array(await new Response(init.body).arrayBuffer()) : new Uint8Array();
    const reply = await call({
      kind: "sdk",
      request: {
        query: Object.fromEntries(url.searchParams),
        contentType: (headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase(),
        body,
        accept: headers.get("accept") ?? "application/json",
      },
    });
    if (reply.kind === "error") {
      // The core itself failed (e.g. its models did not load): answer as the server would, with a Luna error.
      const { status, ...body } = reply.body ?? { ...new LunaError(Errors.UnknownError).toBody(), status: 500 };
      return Response.json({ ...body, ...(reply.body ? {} : { detail: reply.message }) }, { status });
    }
    if (reply.kind !== "sdk") throw new Error("unexpected inference reply");
    if (reply.timings) sdkTimings.push(reply.timings);
    return new Response(reply.reply.body as Uint8Array<ArrayBuffer>, {
      status: reply.reply.status,
      headers: { "content-type": reply.reply.contentType },
    });
  };
}

function sumStages(all: StageTimings[]): Partial<StageTimings> {
  const sum: Partial<StageTimings> = {};
  for (const timings of all) for (const stage of stageNames) sum[stage] = (sum[stage] ?? 0) + timings[stage];
  return sum;
}

self.onmessage = async (event: MessageEvent<LambdaWorkerRequest>) => {
  const run = event.data;
  if (run.kind !== "run") return;
  const settings = run.settings;
  setWorkerEgressContext({ account: run.request.headers["luna-account-id"] ?? null, settings });
  logger.configure({
    level: settings.LUNA_LAMBDA_UNIT_LOGGER.log_level,
    utc: settings.LUNA_LAMBDA_UNIT_LOGGER.log_time === "UTC",
    sink: (record) => post({ kind: "log", record }),
  });
  const call = inferenceCaller(run.inference);
  setEngineTransport(
    engineTransportFrom(async (operation, args) => {
      const reply = await call({ kind: "engine", operation, args });
      if (reply.kind === "engine") return reply.result;
      if (reply.kind === "error" && reply.body) {
        const b = reply.body;
        throw new LunaError({ code: b.error_code, desc: b.desc, status: b.status, detail: b.detail });
      }
      throw new Error(reply.kind === "error" ? reply.message : "unexpected inference reply");
    }),
  );

  const started = performance.now();
  const compiled = await (run.language === "python"
    ? compilePython(run.code, run.modules, run.lambdaType)
    : compile(run.code, run.modules)
  ).catch((error: unknown) => ({ thrown: error }));
  const compileMs = performance.now() - started;
  if ("errors" in compiled) return post({ kind: "compileFailed", errors: compiled.errors });
  const sdkTimings: StageTimings[] = [];
  post({ kind: "mainStarted" });
  const mainStarted = performance.now();
  let reply: LambdaReply;
  if ("thrown" in compiled) {
    reply = replyForError(compiled.thrown);
  } else {
    // The same UserCtx / request / reply path as the server's sandbox; only the Remote SDK goes to the inference worker.
    const sdkBase = `${settings.LUNA_REMOTE_SDK_ADDRESS.origin.replace(/\/$/, "")}/${settings.LUNA_REMOTE_SDK_ADDRESS.api_version}`;
    const lambdaFetch = fetchWithLocalSdk(sdkBase, call, sdkTimings);
    const lambda = createLambdaInstance(compiled.module, run.lambdaType, settings, { fetch: lambdaFetch });
    // The same surface as every other host (shared/lambda/lambdaApp.ts): main, the lambda's routes, healthcheck, spec.
    const app = new LambdaApp(lambda, { name: "lambda", type: run.lambdaType, settings, fetch: lambdaFetch });
    reply = await app.handle({ ...run.request, path: run.path ?? "/main" });
  }
  const mainMs = performance.now() - mainStarted;
  const stages = sumStages(sdkTimings);
  const sdkMs = Object.values(stages).reduce((a, b) => a + b, 0);
  post({ kind: "reply", status: reply.status, body: reply.body, timings: { compileMs, mainMs, sdkMs, stages } });
  run.inference.close();
};
