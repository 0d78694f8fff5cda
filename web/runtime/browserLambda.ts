/**
 * Runs a lambda in a browser worker. The worker lives across runs (esbuild-wasm stays initialised)
 * until a run exceeds its timeout (counted from main()'s start: a fresh worker's esbuild or
 * Pyodide start and the build have their own, longer limit): then it is terminated — a `while (true) {}` cannot be stopped
 * any other way — and the next run starts a fresh one. The models live in the inference worker and
 * are not affected.
 */
import { lambdaException, type LambdaType } from "../../shared/lambda/invoke.ts";
import type { LogRecord } from "../../shared/lambda/logger.ts";
import type { IncomingLambdaRequest } from "../../shared/lambda/request.ts";
import type { LambdaSettings } from "../../shared/lambda/settings.ts";
import type { InferenceClient } from "./inferenceClient.ts";
import type { BrowserTarget } from "./inferenceProtocol.ts";
import type { CompileError, LambdaWorkerMessage, LambdaWorkerRequest } from "./lambdaProtocol.ts";

export type BrowserLambdaResult =
  | { kind: "compileFailed"; errors: CompileError[] }
  | {
      kind: "reply";
      status: number;
      body: unknown;
      timings: Extract<LambdaWorkerMessage, { kind: "reply" }>["timings"] | null;
    };

export interface BrowserLambdaRun {
  target: BrowserTarget;
  language: "typescript" | "python";
  code: string;
  modules: Record<string, string>;
  lambdaType: LambdaType;
  settings: LambdaSettings;
  request: IncomingLambdaRequest;
  /** The path of the lambda's surface (default "/main"). */
  path?: string;
  lambdaFiles: Record<string, Uint8Array>;
  timeoutMs: number;
  onLog(record: LogRecord): void;
  onStatus?(text: string): void;
}

/** A fresh worker's esbuild-wasm or Pyodide start plus the build: not the lambda's own time. */
const PREPARE_TIMEOUT_MS = 120_000;

export class BrowserLambdaRunner {
  private worker: Worker | null = null;

  constructor(private readonly inference: InferenceClient) {}

  private start(): Worker {
    this.worker ??= new Worker(new URL("./lambdaWorker.ts", import.meta.url), { type: "module" });
    return this.worker;
  }

  private stop(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  run(run: BrowserLambdaRun): Promise<BrowserLambdaResult> {
    const worker = this.start();
    const channel = new MessageChannel();
    this.inference.connect(run.target, channel.port1, run.lambdaFiles);
    return new Promise((resolve) => {
      const finish = (result: BrowserLambdaResult) => {
        clearTimeout(timer);
        stopListening();
        worker.onmessage = null;
        worker.onerror = null;
        channel.port1.close();
        resolve(result);
      };
      const expire = (detail: string) => {
        this.stop();
        finish({ kind: "reply", ...lambdaException(500, detail), timings: null });
      };
      const prepareMs = Math.max(PREPARE_TIMEOUT_MS, run.timeoutMs);
      const mainDetail = `lambda did not answer within ${run.timeoutMs / 1000} s; its worker was stopped and will restart`;
      // Until main() starts, the worker's start and the build have their own limit.
      let timer: ReturnType<typeof setTimeout> | undefined = setTimeout(
        () =>
          expire(
            `the lambda did not compile and start within ${prepareMs / 1000} s; its worker was stopped and will restart`,
          ),
        prepareMs,
      );
      let mainStarted = false;
      // Models load when a lambda's sdk call first needs them (docs/inference.md): that is the
      // playground's time, not the lambda's, so the timeout stands still while a model loads.
      let remaining = run.timeoutMs;
      let since = performance.now();
      const startMainTimer = () => {
        since = performance.now();
        timer = setTimeout(() => expire(mainDetail), Math.max(0, remaining));
      };
      const loading = new Set<string>();
      const stopListening = this.inference.onProgress((event) => {
        const before = loading.size;
        if (event.phase === "ready" || event.phase === "failed") loading.delete(event.id);
        else loading.add(event.id);
        if (!mainStarted) return;
        if (before === 0 && loading.size > 0) {
          clearTimeout(timer);
          timer = undefined;
          remaining -= performance.now() - since;
        } else if (before > 0 && loading.size === 0) startMainTimer();
      });
      worker.onmessage = (event: MessageEvent<LambdaWorkerMessage>) => {
        const message = event.data;
        if (message.kind === "log") run.onLog(message.record);
        else if (message.kind === "status") run.onStatus?.(message.text);
        else if (message.kind === "mainStarted") {
          clearTimeout(timer);
          timer = undefined;
          mainStarted = true;
          if (loading.size === 0) startMainTimer();
        } else if (message.kind === "compileFailed") finish({ kind: "compileFailed", errors: message.errors });
        else finish({ kind: "reply", status: message.status, body: message.body, timings: message.timings });
      };
      worker.onerror = (event) => {
        this.stop();
        event.preventDefault();
        const detail = `the lambda worker failed: ${event.message ?? "it could not start"}${event.filename ? ` (${event.filename}:${event.lineno})` : ""}`;
        finish({ kind: "reply", ...lambdaException(500, detail), timings: null });
      };
      const message: LambdaWorkerRequest = {
        kind: "run",
        language: run.language,
        code: run.code,
        modules: run.modules,
        lambdaType: run.lambdaType,
        settings: run.settings,
        request: run.request,
        path: run.path,
        inference: channel.port2,
      };
      worker.postMessage(message, [channel.port2]);
    });
  }
}
