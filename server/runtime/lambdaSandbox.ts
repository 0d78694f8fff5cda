/**
 * One lambda's sandboxed process. The child runs the lambda bundle under Node's permission model
 * (read access to its own folder only; no file writes, child processes or workers), a V8 heap cap
 * and the lambda's settings as its only environment. Requests go one at a time over IPC with a
 * timeout; a hang, crash, `process.exit` or heap exhaustion answers that request with a clear
 * 500 / 42004 and the next request starts a fresh process. The server is never at risk.
 */
import { fork, type ChildProcess } from "node:child_process";
import { dirname } from "node:path";
import { Errors, LunaError, toLunaError } from "../../shared/luna/errors.ts";
import { lambdaException, type LambdaReply, type LambdaType } from "../../shared/lambda/invoke.ts";
import type { LogRecord } from "../../shared/lambda/logger.ts";
import type { LambdaSettings } from "../../shared/lambda/settings.ts";
import type { RunnerMessage, SerializedRequest } from "./lambdaProtocol.ts";

export interface SandboxOptions {
  bundle: string;
  type: LambdaType;
  settings: LambdaSettings;
  timeoutMs: number;
  memoryMb: number;
  onLog: (record: LogRecord) => void;
  /** Python lambdas: the pyodide package folder, readable by the sandbox and passed to the runner. */
  pyodideDir?: string;
  /** Serves engine.* calls of the lambda (the IPC bridge to the server's inference core). */
  engine?: (operation: string, args: Record<string, unknown>) => Promise<unknown>;
}

const failure = lambdaException;

interface Pending {
  id: number;
  resolve: (reply: LambdaReply) => void;
  timer: NodeJS.Timeout;
}

export class LambdaSandbox {
  private child: ChildProcess | null = null;
  private starting: Promise<void> | null = null;
  private pending: Pending | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private stderrTail = "";
  private closed = false;

  constructor(private readonly options: SandboxOptions) {}

  /** Runs one request; requests queue so a lambda process handles one at a time. */
  invoke(request: SerializedRequest): Promise<LambdaReply> {
    const run = this.tail.then(() => this.invokeNow(request));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async invokeNow(request: SerializedRequest): Promise<LambdaReply> {
    if (this.closed) return failure(503, "lambda is being deleted");
    try {
      await this.ensureStarted();
    } catch (error) {
      return failure(500, `lambda failed to start: ${(error as Error).message}`);
    }
    const child = this.child!;
    return new Promise<LambdaReply>((resolve) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.settle(failure(500, `lambda did not answer within ${this.options.timeoutMs / 1000} s; its process was stopped and will restart`));
        this.kill();
      }, this.options.timeoutMs);
      this.pending = { id, resolve, timer };
      child.send({ kind: "invoke", id, request });
    });
  }

  private settle(reply: LambdaReply): void {
    const pending = this.pending;
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending = null;
    pending.resolve(reply);
  }

  private ensureStarted(): Promise<void> {
    if (this.child) return Promise.resolve();
    if (this.starting) return this.starting;
    this.starting = new Promise<void>((resolve, reject) => {
      const dir = dirname(this.options.bundle);
      this.stderrTail = "";
      const child = fork(this.options.bundle, [], {
        execArgv: [
          "--experimental-permission",
          `--allow-fs-read=${dir}`,
          ...(this.options.pyodideDir ? [`--allow-fs-read=${this.options.pyodideDir}`] : []),
          `--max-old-space-size=${this.options.memoryMb}`,
          "--no-warnings",
        ],
        // The lambda sees its own settings, never the server's environment.
        env: {
          LUNA_LAMBDA_CONFIG: JSON.stringify({ type: this.options.type, settings: this.options.settings, pyodideDir: this.options.pyodideDir }),
          TZ: process.env.TZ ?? "",
        },
        serialization: "advanced",
        stdio: ["ignore", "pipe", "pipe", "ipc"],
      });
      child.stdout!.on("data", (chunk: Buffer) => this.consoleLog("INFO", chunk));
      child.stderr!.on("data", (chunk: Buffer) => {
        this.stderrTail = (this.stderrTail + chunk.toString()).slice(-4000);
        this.consoleLog("ERROR", chunk);
      });
      child.on("message", (message: RunnerMessage) => {
        if (message.kind === "ready") resolve();
        else if (message.kind === "startFailed") reject(new Error(message.message));
        else if (message.kind === "log") this.options.onLog(message.record);
        else if (message.kind === "reply" && this.pending?.id === message.id) this.settle({ status: message.status, body: message.body });
        else if (message.kind === "engine") void this.serveEngine(child, message.id, message.operation, message.args);
      });
      child.on("exit", (code, signal) => {
        if (this.child === child) this.child = null;
        this.starting = null;
        const outOfMemory = /heap out of memory|Allocation failed/i.test(this.stderrTail);
        const why = outOfMemory
          ? `lambda ran out of memory (cap ${this.options.memoryMb} MB)`
          : `lambda process exited (${signal ?? `code ${code}`})`;
        reject(new Error(`${why}: ${this.stderrTail.trim().split("\n").slice(-3).join(" ")}`));
        this.settle(failure(500, `${why} while handling the request; it will restart on the next request`));
      });
      this.child = child;
    });
    return this.starting;
  }

  private async serveEngine(child: ChildProcess, id: number, operation: string, args: Record<string, unknown>): Promise<void> {
    try {
      if (!this.options.engine) throw new LunaError(Errors.ModelNotAvailable, "the inference engine is not available to this lambda");
      const result = await this.options.engine(operation, args);
      if (child.connected) child.send({ kind: "engineReply", id, result });
    } catch (error) {
      const luna = toLunaError(error);
      if (child.connected) child.send({ kind: "engineError", id, error: { ...luna.toBody(), status: luna.status } });
    }
  }

  private consoleLog(level: LogRecord["level"], chunk: Buffer): void {
    for (const line of chunk.toString().split("\n")) {
      if (line.trim()) this.options.onLog({ time: new Date().toISOString(), level, requestId: null, message: line });
    }
  }

  private kill(): void {
    this.child?.kill("SIGKILL");
    this.child = null;
    this.starting = null;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.kill();
  }
}
