/**
 * One press of Run: the project's msgpack request (what Luna-Handlers sends) goes to the lambda on
 * the chosen target, and the outcome — status, reply, compile errors, logs, per-stage timings, the
 * backend that really ran — comes back in one shape for the page.
 */
import { timingGroupStages } from "../../shared/inference/estimators.ts";
import type { LogRecord } from "../../shared/lambda/logger.ts";
import { resolveSettings } from "../../shared/lambda/settings.ts";
import { accountId, runOnServer } from "../api/lambdaService.ts";
import type { BrowserLambdaRunner } from "../runtime/browserLambda.ts";
import type { InferenceClient } from "../runtime/inferenceClient.ts";
import type { CompileError } from "../runtime/lambdaProtocol.ts";
import type { LambdaLanguage, RunTarget } from "../state/projectStore.ts";

export interface TimingEntry {
  label: string;
  ms: number;
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
}

export interface RunInput {
  target: RunTarget;
  language: LambdaLanguage;
  code: string;
  request: Uint8Array;
  lambdaFiles: Record<string, Uint8Array>;
  timeoutMs: number;
  inference: InferenceClient;
  runner: BrowserLambdaRunner;
  onLog(record: LogRecord): void;
  /** Progress before main runs (e.g. "loading Python (Pyodide)…"). */
  onStatus?(text: string): void;
}

export async function runProject(input: RunInput): Promise<RunOutcome> {
  if (input.target === "server") {
    const result = await runOnServer(input.code, input.language, input.request);
    if (result.kind === "compileFailed") return { status: null, body: null, compileErrors: result.errors, logs: [], timings: [], backend: "onnxruntime-node", fallbackReason: null, wasmFallbacks: [] };
    result.logs.forEach(input.onLog);
    return {
      status: result.status,
      body: result.body,
      compileErrors: [],
      logs: result.logs,
      timings: [
        { label: "create + build", ms: result.timings.buildMs },
        { label: "proxy/main", ms: result.timings.callMs },
      ],
      backend: "onnxruntime-node",
      fallbackReason: null,
      wasmFallbacks: [],
    };
  }
  // The engine only: the lambda's sdk calls load the models their flags need.
  const engine = await input.inference.status(input.target);
  const logs: LogRecord[] = [];
  const result = await input.runner.run({
    target: input.target,
    language: input.language,
    code: input.code,
    lambdaType: "handlers",
    settings: resolveSettings({}, location.origin),
    request: {
      method: "POST",
      headers: { "content-type": "application/msgpack", "luna-account-id": accountId() },
      query: {},
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
  const base = { logs, backend: engine.backend, fallbackReason: engine.fallbackReason, wasmFallbacks: after.wasmFallbacks };
  if (result.kind === "compileFailed") return { ...base, status: null, body: null, compileErrors: result.errors, timings: [] };
  const timings: TimingEntry[] = [];
  // Engine start before the run, model loads during it (each reply reports what the previous did not).
  if (engine.loadMs + after.loadMs > 0) timings.push({ label: "model load", ms: engine.loadMs + after.loadMs });
  const t = result.timings;
  if (t) {
    const s = t.stages;
    const group = (name: "descriptor" | "attributes") => timingGroupStages(name).reduce((sum, stage) => sum + (s[stage] ?? 0), 0);
    timings.push(
      // For Python this includes starting Pyodide on the first run of a worker (≈1.5–2.5 s).
      { label: input.language === "python" ? "Python check + load" : "compile", ms: t.compileMs },
      { label: "decode", ms: s.decode ?? 0 },
      { label: "detect", ms: s.detect ?? 0 },
      { label: "landmarks", ms: s.landmarks ?? 0 },
      { label: "warp", ms: (s.warp ?? 0) + (s.encode ?? 0) },
      { label: "descriptor", ms: group("descriptor") },
      { label: "attributes", ms: group("attributes") },
      // Everything main() spent outside the inference core: services over HTTP and the lambda's own code.
      { label: "services + code", ms: Math.max(0, t.mainMs - t.sdkMs) },
    );
  }
  return { ...base, status: result.status, body: result.body, compileErrors: [], timings: timings.filter((e) => e.ms > 0.05) };
}
