/**
 * One press of Run: the project's msgpack request (what Luna-Handlers sends) goes to the lambda on
 * the chosen target, and the outcome — status, reply, compile errors, logs, per-stage timings, the
 * backend that really ran — comes back in one shape for the page.
 */
import { timingGroupStages } from "../../shared/inference/estimators.ts";
import type { LogRecord } from "../../shared/lambda/logger.ts";
import { resolveSettings } from "../../shared/lambda/settings.ts";
import { accountId, type KeptServerLambda, type ServerLambdaSession } from "../api/lambdaService.ts";
import type { BrowserLambdaRunner } from "../runtime/browserLambda.ts";
import type { InferenceClient } from "../runtime/inferenceClient.ts";
import type { CompileError } from "../runtime/lambdaProtocol.ts";
import type { LambdaLanguage, LambdaType, RunTarget } from "../state/projectStore.ts";

export interface TimingEntry {
  label: string;
  ms: number;
}

/** The request a run sent (the account header included), for "copy as curl" and the saved events. */
export interface SentRequest {
  body: Uint8Array;
  contentType: string;
  /** Lower-case names: luna-account-id, the request panel's headers. */
  headers: Record<string, string>;
  query: Record<string, string>;
}

export interface RunOutcome {
  status: number | null;
  body: unknown;
  compileErrors: CompileError[];
  logs: LogRecord[];
  timings: TimingEntry[];
  backend: string;
  fallbackReason: string | null;
  /** WebGPU ran, but these models moved to WASM after a kernel failed. */
  wasmFallbacks: string[];
  /** Server runs: the kept lambda that answered (its id and proxy/main URL). */
  serverLambda: KeptServerLambda | null;
  /** What was sent. */
  request: SentRequest;
}

export interface RunInput {
  target: RunTarget;
  language: LambdaLanguage;
  /** The lambda's name on the server (and in exports). */
  name: string;
  code: string;
  modules: Record<string, string>;
  lambdaType: LambdaType;
  request: Uint8Array;
  /** application/msgpack (handlers) or the standalone body's type. */
  contentType: string;
  /** The request panel's headers (lower case; the account is added here) and query. */
  headers: Record<string, string>;
  query: Record<string, string>;
  lambdaFiles: Record<string, Uint8Array>;
  /** lambda.json's settings (only what differs from the defaults). */
  settings: Record<string, unknown>;
  timeoutMs: number;
  inference: InferenceClient;
  runner: BrowserLambdaRunner;
  serverLambda: ServerLambdaSession;
  onLog(record: LogRecord): void;
  /** Progress before main runs (e.g. "loading Python (Pyodide)…", "building on the server…"). */
  onStatus?(text: string): void;
}

/**
 * The timing bar's entries from the inference core's stages (summed over the lambda's sdk calls)
 * and main()'s wall time: the same rows for browser and server runs.
 */
export function stageTimings(stages: Record<string, number>, mainMs: number): TimingEntry[] {
  const s = (name: string) => stages[name] ?? 0;
  // The estimators say which timing group their stage belongs to (shared/inference/estimators.ts).
  const group = (name: "descriptor" | "attributes") =>
    timingGroupStages(name).reduce((sum, stage) => sum + s(stage), 0);
  const descriptor = group("descriptor");
  const attributes = group("attributes");
  const sdkMs = ["decode", "detect", "landmarks", "warp", "encode"].reduce(
    (sum, name) => sum + s(name),
    descriptor + attributes,
  );
  return [
    { label: "decode", ms: s("decode") },
    { label: "detect", ms: s("detect") },
    { label: "landmarks", ms: s("landmarks") },
    { label: "warp", ms: s("warp") + s("encode") },
    { label: "descriptor", ms: descriptor },
    { label: "attributes", ms: attributes },
    // Everything main() spent outside the inference core: services over HTTP and the lambda's own code.
    { label: "services + code", ms: Math.max(0, mainMs - sdkMs) },
  ];
}

const visible = (entries: TimingEntry[]) => entries.filter((e) => e.ms > 0.05);

/** The request as it goes out: the panel's headers with the page's account and the body's type. */
function sentRequest(input: RunInput): SentRequest {
  return {
    body: input.request,
    contentType: input.contentType,
    headers: { ...input.headers, "luna-account-id": accountId(), "content-type": input.contentType },
    query: input.query,
  };
}

async function runOnServer(input: RunInput): Promise<RunOutcome> {
  const request = sentRequest(input);
  const base = { backend: "onnxruntime-node", fallbackReason: null, wasmFallbacks: [], request };
  const source = {
    name: input.name,
    language: input.language,
    lambdaType: input.lambdaType,
    code: input.code,
    modules: input.modules,
    files: input.lambdaFiles,
    settings: input.settings,
  };
  for (let attempt = 0; ; attempt++) {
    if (!input.serverLambda.current() || attempt > 0) input.onStatus?.("building on the server…");
    const ensured = await input.serverLambda.ensure(source);
    if (ensured.kind === "compileFailed")
      return {
        ...base,
        status: null,
        body: null,
        compileErrors: ensured.errors,
        logs: [],
        timings: [],
        serverLambda: ensured.kept,
      };
    input.onStatus?.("running on the server…");
    const started = performance.now();
    const reply = await input.serverLambda.call(input.request, input.contentType, input.headers, input.query);
    // Deleted behind the page's back: build it again, once.
    if ("gone" in reply) {
      if (attempt === 0) continue;
      throw new Error("the server lambda disappeared while running");
    }
    const wallMs = performance.now() - started;
    const logs = await input.serverLambda.logs(reply.requestId);
    logs.forEach(input.onLog);
    const lambdaMs = reply.serverTiming.lambda ?? wallMs;
    const timings: TimingEntry[] = [
      ...(ensured.builtMs !== null ? [{ label: "create + build", ms: ensured.builtMs }] : []),
      ...stageTimings(reply.serverTiming, lambdaMs),
      // HTTP to the server and its proxy, outside the lambda process.
      { label: "proxy", ms: Math.max(0, wallMs - lambdaMs) },
    ];
    return {
      ...base,
      status: reply.status,
      body: reply.body,
      compileErrors: [],
      logs,
      timings: visible(timings),
      serverLambda: ensured.kept,
    };
  }
}

export async function runProject(input: RunInput): Promise<RunOutcome> {
  if (input.target === "server") return runOnServer(input);
  // The engine only: the lambda's sdk calls load the models their flags need.
  const engine = await input.inference.status(input.target);
  const logs: LogRecord[] = [];
  const request = sentRequest(input);
  const result = await input.runner.run({
    target: input.target,
    language: input.language,
    code: input.code,
    modules: input.modules,
    lambdaType: input.lambdaType,
    settings: resolveSettings(input.settings, location.origin),
    request: {
      method: "POST",
      headers: request.headers,
      query: request.query,
      body: input.request,
      requestId: crypto.randomUUID(),
    },
    lambdaFiles: input.lambdaFiles,
    timeoutMs: input.timeoutMs,
    onStatus: input.onStatus,
    onLog: (record) => {
      logs.push(record);
      input.onLog(record);
    },
  });
  const after = await input.inference.status(input.target);
  const base = {
    logs,
    backend: engine.backend,
    fallbackReason: engine.fallbackReason,
    wasmFallbacks: after.wasmFallbacks,
    serverLambda: null,
    request,
  };
  if (result.kind === "compileFailed")
    return { ...base, status: null, body: null, compileErrors: result.errors, timings: [] };
  const timings: TimingEntry[] = [];
  // Engine start before the run, model loads during it (each reply reports what the previous did not).
  if (engine.loadMs + after.loadMs > 0) timings.push({ label: "model load", ms: engine.loadMs + after.loadMs });
  const t = result.timings;
  if (t) {
    // For Python this includes starting Pyodide on the first run of a worker (≈1.5–2.5 s).
    timings.push(
      { label: input.language === "python" ? "Python check + load" : "compile", ms: t.compileMs },
      ...stageTimings(t.stages, t.mainMs),
    );
  }
  return { ...base, status: result.status, body: result.body, compileErrors: [], timings: visible(timings) };
}
