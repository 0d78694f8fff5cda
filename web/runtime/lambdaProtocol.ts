/**
 * Messages of a browser lambda run. The page starts a lambda worker per run target and hands it a
 * MessagePort whose other end is the inference worker, so `clients.sdk` and `engine.*` calls reach
 * the inference core without the page in between — and killing a runaway lambda worker leaves the
 * loaded models alone.
 */
import type { SdkHttpReply, SdkHttpRequest } from "../../shared/inference/sdkRequest.ts";
import type { StageTimings } from "../../shared/inference/pipeline.ts";
import type { LambdaSettings } from "../../shared/lambda/settings.ts";
import type { LogRecord } from "../../shared/lambda/logger.ts";
import type { IncomingLambdaRequest } from "../../shared/lambda/request.ts";
import type { LambdaType } from "../../shared/lambda/invoke.ts";

export interface CompileError {
  file: string;
  line: number | null;
  column: number | null;
  text: string;
}

export type LambdaWorkerRequest = {
  kind: "run";
  /** lambda_main.ts (esbuild-wasm) or lambda_main.py (Pyodide). */
  language: "typescript" | "python";
  code: string;
  /** The lambda's other modules (path → source), bundled with it. */
  modules: Record<string, string>;
  lambdaType: LambdaType;
  settings: LambdaSettings;
  request: IncomingLambdaRequest;
  /** The path of the lambda's surface to call (default "/main"). */
  path?: string;
  /** The inference worker's end for sdk and engine calls. */
  inference: MessagePort;
};

export type LambdaWorkerMessage =
  | { kind: "log"; record: LogRecord }
  /** What the worker is doing before main runs (e.g. loading Python), for the run status. */
  | { kind: "status"; text: string }
  /** Compiled (and Python loaded): main() starts now, and with it the run's timeout. */
  | { kind: "mainStarted" }
  | { kind: "compileFailed"; errors: CompileError[] }
  | {
      kind: "reply";
      status: number;
      body: unknown;
      /** Compile, whole main(), and the sum of the inference core's stages over the lambda's sdk calls. */
      timings: { compileMs: number; mainMs: number; sdkMs: number; stages: Partial<StageTimings> };
    };

/** Lambda worker → inference worker over the port. */
export type InferencePortRequest =
  | { id: number; kind: "sdk"; request: SdkHttpRequest }
  | { id: number; kind: "engine"; operation: string; args: Record<string, unknown> };

export type InferencePortReply =
  | { id: number; kind: "sdk"; reply: Omit<SdkHttpReply, "result">; timings: StageTimings | null }
  | { id: number; kind: "engine"; result: unknown }
  | {
      id: number;
      kind: "error";
      message: string;
      body: { error_code: number; desc: string; detail: string; status: number } | null;
    };
