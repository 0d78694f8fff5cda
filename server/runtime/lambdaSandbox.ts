/**
 * One lambda's sandboxed process. The child runs the prebuilt runner (sandboxRuntime.ts) and the
 * lambda's bundle inside the OS sandbox (osSandbox.ts), with Node's permission model inside as a
 * second wall, and talks to the server only over its frame channel (fd 3): replies, logs,
 * engine.* calls and HTTP requests, which the server forwards or refuses (lambdaEgress.ts).
 * Requests run concurrently up to a per-lambda limit (LAMBDA_CONCURRENCY, as LUNA's async runtime
 * serves them), each with its own timeout; a timeout stops the process, which fails the requests
 * it was answering. A watchdog reads the process tree's CPU time and
 * resident memory: a process over its memory cap, or one that keeps a CPU busy after it has
 * answered, is stopped and logged. Any failure answers the request with a clear 500 / 42004 and
 * the next request starts a fresh process. The server is never at risk.
 */
import type { ChildProcess } from "node:child_process";
import type { Duplex } from "node:stream";
import { Errors, LunaError, toLunaError } from "../../shared/luna/errors.ts";
import { lambdaException, type LambdaReply, type LambdaType } from "../../shared/lambda/invoke.ts";
import type { LogRecord } from "../../shared/lambda/logger.ts";
import type { LambdaSettings } from "../../shared/lambda/settings.ts";
import { parseServerTiming } from "../../shared/luna/serverTiming.ts";
import { FrameChannel } from "./frameChannel.ts";
import { ConcurrencyLimit } from "./concurrencyLimit.ts";
import { PendingCalls } from "../../shared/rpc/pendingCalls.ts";
import type { LambdaLanguage } from "./lambdaCompiler.ts";
import type { RunnerConfig } from "./lambdaChannel.ts";
import {
  SYNC_ENGINE_FD,
  runnerMessageSchema,
  type EgressRequest,
  type EgressResponse,
  type RunnerMessage,
  type SerializedRequest,
  type ServerMessage,
} from "./lambdaProtocol.ts";
import { LOG_LINE_BYTES, LOG_LINES_PER_SECOND, LogRate, truncateLogLine } from "./logLimits.ts";
import {
  killSandboxed,
  pathInside,
  probeOsSandbox,
  spawnSandboxed,
  type Mount,
  type SandboxChoice,
} from "./osSandbox.ts";
import { treeUsage } from "./processTree.ts";
import { createLambdaCgroup, type LambdaCgroup } from "./lambdaCgroup.ts";
import { sandboxRuntime } from "./sandboxRuntime.ts";
import { INSPECTOR_PORT_INSIDE, INSPECTOR_SOCKET } from "./inspectorBridge.ts";

/** Where a debug lambda sees the folder of its inspector's socket. */
const DEBUG_DIR = "/debug";

export interface SandboxOptions {
  /** The lambda's build folder (lambda_main.mjs, or python/ for a Python lambda). */
  buildDir: string;
  language: LambdaLanguage;
  type: LambdaType;
  /** The lambda's name (its generated OpenAPI document's title). */
  name?: string;
  settings: LambdaSettings;
  timeoutMs: number;
  /** Requests one process answers at once (LAMBDA_CONCURRENCY); more wait in order. Default 1. */
  maxConcurrent?: number;
  /** All memory of the process tree (resident), not only the V8 heap. */
  memoryMb: number;
  /** CPU seconds a process may use over its life before it is restarted. */
  cpuSeconds?: number;
  /** The most bytes one message (a reply, a request body) may have. */
  maxMessageBytes: number;
  onLog: (record: LogRecord) => void;
  /** Told when its process may have become idle or gone (a reply, ready, an exit): room for another may have opened. */
  onIdle?: () => void;
  /** Serves engine.* calls of the lambda (the server's inference core). */
  engine?: (operation: string, args: Record<string, unknown>) => Promise<unknown>;
  /** LAMBDA_SANDBOX=off runs it without OS walls (no bubblewrap, no cgroup); LAMBDA_BWRAP names bubblewrap. */
  sandbox?: SandboxChoice;
  /** Forwards the lambda's HTTP requests (only to allowed addresses, with the lambda's account). */
  egress: (request: EgressRequest) => Promise<EgressResponse>;
  /**
   * Start the (TypeScript) lambda with Node's inspector: the folder of the host's Unix socket
   * (inspectorBridge.ts), bound in read-only as /debug for the in-sandbox relay. Needs bubblewrap.
   */
  inspector?: { socketDir: string };
}

/**
 * RLIMIT_AS is only a backstop: Node reserves ~0.8 GB of address space before running any code,
 * fetch's WebAssembly HTTP parser ~10 GB, Pyodide ~22 GB more. The real memory cap is the cgroup
 * or the watchdog (resident memory).
 */
const ADDRESS_SPACE_RESERVED_MB: Record<LambdaLanguage, number> = { typescript: 16 * 1024, python: 40 * 1024 };
/** The runtime's own resident memory (Node; Pyodide's interpreter and standard library) on top of the lambda's cap. */
const RESIDENT_RESERVED_MB: Record<LambdaLanguage, number> = { typescript: 64, python: 256 };
const PROCESSES = 64;
const WATCH_EVERY_MS = 100;
/** After a reply: more than half a core over two seconds is a busy process, not a timer. */
const IDLE_WINDOW_MS = 2000;
const IDLE_CPU_SHARE = 0.25;
/**
 * Work a lambda asks of the server (engine calls, HTTP) is served while it starts, while it
 * handles a request and for this long after its reply (fire-and-forget calls finish); later it is
 * refused, so an idle lambda cannot keep the server's CPU busy either.
 */
const AFTER_REPLY_GRACE_MS = 2000;
const MAX_ENGINE_CALLS_QUEUED = 8;
const IDLE_REFUSAL = `a lambda's engine calls and HTTP requests are served while it starts, while it handles a request and ${AFTER_REPLY_GRACE_MS / 1000} s after its reply`;
/** The runner cuts lines at LOG_LINE_BYTES with a marker; the server's own cut leaves room for that marker. */
const HOST_LINE_BYTES = LOG_LINE_BYTES + 128;
/** HTTP requests of one lambda the server forwards at once; more wait, up to MAX_FETCHES_WAITING, then are refused. */
const MAX_FETCHES_IN_FLIGHT = 8;
const MAX_FETCHES_WAITING = 64;

const failure = lambdaException;

/** What the host keeps of a request the process is answering (its call itself waits in `calls`). */
interface Pending {
  id: number;
  request: SerializedRequest;
  timer: NodeJS.Timeout;
  startedAt: number;
  /** Stages of the inference core summed over this request's sdk calls (their Server-Timing). */
  stages: Record<string, number>;
}

/** A lambda's reply with where its time went: the process's own time and its sdk calls' stages. */
export interface SandboxReply extends LambdaReply {
  /** A text body's type (the metrics); JSON otherwise. */
  contentType?: string;
  headers?: Record<string, string>;
  timing?: { lambdaMs: number; stages: Record<string, number> };
}

/** One running process with its channel. */
interface Running {
  child: ChildProcess;
  channel: FrameChannel;
  watchdog: NodeJS.Timeout;
  /** CPU samples while idle (no request pending), oldest first. */
  idleSamples: { at: number; cpuMs: number }[];
  stderrTail: string;
  /** Why the server stopped it, when it did. */
  stoppedBecause: string | null;
  /** Its memory and task cap, where the machine lets the server make one. */
  cgroup: LambdaCgroup | null;
}

export class LambdaSandbox {
  private running: Running | null = null;
  private starting: Promise<Running> | null = null;
  /** Requests sent to the process, answered by id (shared/rpc/pendingCalls.ts). */
  private readonly calls = new PendingCalls<SandboxReply>();
  private readonly pending = new Map<number, Pending>();
  /** Requests waiting for one of the process's maxConcurrent slots, in arrival order. */
  private readonly queued: (() => void)[] = [];
  private active = 0;
  private engineTail: Promise<unknown> = Promise.resolve();
  private engineQueued = 0;
  /** Forwarded now or waiting for one of the MAX_FETCHES_IN_FLIGHT slots. */
  private fetchesPending = 0;
  private readonly fetchSlots = new ConcurrencyLimit(MAX_FETCHES_IN_FLIGHT);
  private closed = false;
  /** When the last request was answered (performance.now()). */
  private lastReplyAt = 0;
  /** The process being started, before it is ready. */
  private launching: Running | null = null;
  /** Set by warm(): the lambda's build still running when its process starts. */
  private built: Promise<boolean> | null = null;
  private readonly logRate = new LogRate((count) =>
    this.log("WARNING", `${count} log lines dropped: a lambda may log ${LOG_LINES_PER_SECOND} lines a second`),
  );

  constructor(private readonly options: SandboxOptions) {}

  /** Runs one request: at once while fewer than maxConcurrent run, otherwise after those before it. */
  async invoke(request: SerializedRequest & { path?: string }): Promise<SandboxReply> {
    this.lastUsed = performance.now();
    if (this.active >= (this.options.maxConcurrent ?? 1))
      await new Promise<void>((resolve) => this.queued.push(resolve));
    this.active++;
    try {
      return await this.invokeNow(request);
    } finally {
      this.active--;
      this.queued.shift()?.();
    }
  }

  private async invokeNow(request: SerializedRequest & { path?: string }): Promise<SandboxReply> {
    if (this.closed) return failure(503, "lambda is being deleted");
    let running: Running;
    try {
      running = await this.ensureStarted();
    } catch (error) {
      return failure(500, `lambda failed to start: ${(error as Error).message}`);
    }
    return this.calls.start((id) => {
      const timer = setTimeout(() => {
        this.stop(
          running,
          `lambda did not answer within ${this.options.timeoutMs / 1000} s; its process was stopped and will restart`,
        );
      }, this.options.timeoutMs);
      this.pending.set(id, { id, request, timer, startedAt: performance.now(), stages: {} });
      running.idleSamples = [];
      running.channel.send({
        kind: "invoke",
        id,
        request: { ...request, path: request.path ?? "/main" },
      } satisfies ServerMessage);
    });
  }

  /** Starts the process if none is up and resolves once it is ready (its failure to start rejects). */
  async started(): Promise<void> {
    this.lastUsed = performance.now();
    await this.ensureStarted();
  }

  /** When it last took a request (performance.now()), for choosing which idle process to stop. */
  lastUsed = 0;

  /** Whether a process is up (or starting) for this lambda. */
  hasProcess(): boolean {
    return this.running !== null || this.starting !== null;
  }

  /**
   * Starts the process now, without a request; it loads the lambda once `built` resolves true (the
   * process can start while the lambda is still being built). A failure to start is met again by
   * the next request.
   */
  warm(built?: Promise<boolean>): void {
    if (this.closed || this.hasProcess()) return;
    this.lastUsed = performance.now();
    this.built = built ?? null;
    void this.ensureStarted().catch(() => undefined);
  }

  /** Stops the process if it is idle (no request pending or queued); the next request starts a fresh one. */
  stopIfIdle(why: string): boolean {
    const running = this.running;
    if (!running || this.active > 0 || this.queued.length > 0 || this.starting) return false;
    running.stoppedBecause = why;
    this.log("INFO", why);
    this.running = null;
    killSandboxed(running.child);
    return true;
  }

  /**
   * The request an HTTP call of the lambda belongs to: by the Luna-Request-Id its clients send, or
   * the only one running; null when that cannot be told.
   */
  private pendingFor(headers: Record<string, string>): Pending | null {
    const requestId = Object.entries(headers).find(([name]) => name.toLowerCase() === "luna-request-id")?.[1];
    const all = [...this.pending.values()];
    return (
      all.find((p) => requestId !== undefined && p.request.requestId === requestId) ??
      (all.length === 1 ? all[0]! : null)
    );
  }

  /** The account of the request an HTTP call of the lambda belongs to, if it can be told. */
  accountFor(request: Pick<EgressRequest, "headers">): string | null {
    return this.pendingFor(request.headers)?.request.headers["luna-account-id"] ?? null;
  }

  private settle(id: number, reply: LambdaReply & Pick<SandboxReply, "contentType" | "headers">): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.pending.delete(id);
    this.calls.settle(id, {
      value: { ...reply, timing: { lambdaMs: performance.now() - pending.startedAt, stages: pending.stages } },
    });
    this.options.onIdle?.();
  }

  private ensureStarted(): Promise<Running> {
    if (this.running) return Promise.resolve(this.running);
    this.starting ??= this.start().finally(() => (this.starting = null));
    return this.starting;
  }

  private async start(): Promise<Running> {
    const [probe, runtime] = await Promise.all([probeOsSandbox(this.options.sandbox), sandboxRuntime()]);
    const { language, memoryMb } = this.options;
    const mounts: Mount[] = [
      { host: runtime.dir, inside: "/runtime" },
      { host: this.options.buildDir, inside: "/lambda" },
      ...(language === "python" ? [{ host: runtime.pyodideDir, inside: "/pyodide" }] : []),
    ];
    const [runtimeDir, lambdaDir, pyodideDir] = mounts.map((mount) => pathInside(probe, mount));
    const inspector = this.options.inspector;
    // Node 20 turns the inspector off under its permission model, so a debug lambda has only the OS walls: never none.
    if (inspector && (probe.kind !== "bubblewrap" || language !== "typescript"))
      throw new Error("a lambda is debugged only as TypeScript inside bubblewrap (docs/security.md, Debugging)");
    // Read-only: the host's socket is there; nothing of the lambda's is ever written to the host.
    if (inspector) mounts.push({ host: inspector.socketDir, inside: DEBUG_DIR });
    const residentCapMb = memoryMb + RESIDENT_RESERVED_MB[language];
    const cgroup = probe.kind === "bubblewrap" ? createLambdaCgroup(residentCapMb, PROCESSES) : null;
    const config: RunnerConfig = {
      type: this.options.type,
      name: this.options.name,
      settings: this.options.settings,
      entry: language === "typescript" ? `${lambdaDir}/lambda_main.mjs` : undefined,
      pyodideDir: pyodideDir ? `${pyodideDir}/` : undefined,
      pythonDir: language === "python" ? `${lambdaDir}/python` : undefined,
      maxFrameBytes: this.options.maxMessageBytes,
      logLineBytes: LOG_LINE_BYTES,
    };
    const child = spawnSandboxed(probe, {
      mounts,
      argv: [
        "node",
        ...(inspector
          ? [
              // The relay starts the runner with the inspector on the sandbox's own loopback (inspectorRelay.ts).
              `${runtimeDir}/inspector-relay.mjs`,
              `${DEBUG_DIR}/${INSPECTOR_SOCKET}`,
              String(INSPECTOR_PORT_INSIDE),
              "1",
              "--",
              `--inspect=127.0.0.1:${INSPECTOR_PORT_INSIDE}`,
              // Not "Debugger listening on ws://127.0.0.1:9229…" in the logs: that address is the sandbox's own.
              "--inspect-publish-uid=http",
            ]
          : [
              // The permission model inside the OS sandbox: a second wall, also the only one where no OS sandbox starts.
              "--experimental-permission",
              ...[runtimeDir, lambdaDir, pyodideDir].filter(Boolean).map((dir) => `--allow-fs-read=${dir}`),
            ]),
        `--max-old-space-size=${memoryMb}`,
        // The bundle's source map (lambdaBuild.ts): errors point at the lambda's own lines.
        "--enable-source-maps",
        "--no-warnings",
        `${runtimeDir}/${language === "python" ? "python-runner" : "runner"}.mjs`,
      ],
      // The lambda sees its own settings, never the server's environment.
      env: { LUNA_LAMBDA_CONFIG: JSON.stringify(config), TZ: process.env.TZ ?? "UTC" },
      limits: {
        addressSpaceMb: memoryMb + ADDRESS_SPACE_RESERVED_MB[language],
        cpuSeconds: this.options.cpuSeconds ?? 600,
        processes: PROCESSES,
      },
      // fd 3: the channel; fd 4 (Python): synchronous engine calls, answered on the same pipe.
      extraStdio: language === "python" ? ["pipe", "pipe"] : ["pipe"],
      cgroupProcs: cgroup?.procsFiles,
    });
    return new Promise<Running>((resolve, reject) => {
      let ready = false;
      const running: Running = {
        child,
        channel: new FrameChannel(child.stdio[3] as Duplex, this.options.maxMessageBytes + 1024 * 1024, {
          message: (message) => {
            const parsed = runnerMessageSchema.safeParse(message);
            if (!parsed.success)
              return this.stop(running, "the lambda process sent a malformed message; it was stopped");
            if (parsed.data.kind === "ready") {
              ready = true;
              if (this.launching === running) this.launching = null;
              this.running = running;
              resolve(running);
              this.options.onIdle?.();
            } else if (parsed.data.kind === "startFailed") {
              running.stoppedBecause = parsed.data.message;
              reject(new Error(parsed.data.message));
              killSandboxed(child);
            } else this.onMessage(running, parsed.data);
          },
          violation: (why) => this.stop(running, `the lambda process sent ${why}; it was stopped`),
          close: () => undefined,
        }),
        watchdog: setInterval(() => this.watch(running), WATCH_EVERY_MS),
        idleSamples: [],
        stderrTail: "",
        stoppedBecause: null,
        cgroup,
      };
      running.watchdog.unref();
      if (language === "python") {
        const syncEngine: FrameChannel = new FrameChannel(
          child.stdio[SYNC_ENGINE_FD] as Duplex,
          this.options.maxMessageBytes + 1024 * 1024,
          {
            message: (message) => {
              const parsed = runnerMessageSchema.safeParse(message);
              if (!parsed.success || parsed.data.kind !== "engine")
                return this.stop(running, "the lambda process sent a malformed engine call; it was stopped");
              this.serveEngine(running, syncEngine, parsed.data.id, parsed.data.operation, parsed.data.args);
            },
            violation: (why) => this.stop(running, `the lambda process sent ${why}; it was stopped`),
            close: () => undefined,
          },
        );
      }
      this.launching = running;
      const built = this.built;
      this.built = null;
      void (built ?? Promise.resolve(true)).then(
        (ok) => ok && running.channel.send({ kind: "load" } satisfies ServerMessage),
      );
      child.stdout!.on("data", (chunk: Buffer) => this.consoleLog("INFO", chunk));
      child.stderr!.on("data", (chunk: Buffer) => {
        running.stderrTail = (running.stderrTail + chunk.toString()).slice(-4000);
        this.consoleLog("ERROR", chunk);
      });
      child.on("error", (error) => {
        // The program could not start at all (no "exit" follows): nothing of it may stay behind.
        clearInterval(running.watchdog);
        running.cgroup?.remove();
        if (this.launching === running) this.launching = null;
        reject(error);
      });
      child.on("exit", (code, signal) => {
        clearInterval(running.watchdog);
        if (this.launching === running) this.launching = null;
        if (running.cgroup?.outOfMemory())
          running.stoppedBecause ??= `lambda ran out of memory (cap ${residentCapMb} MB); its process was stopped and will restart`;
        running.cgroup?.remove();
        running.channel.close();
        if (this.running === running) this.running = null;
        const why = running.stoppedBecause ?? this.exitReason(running, code, signal);
        if (!ready) reject(new Error(why));
        if (running.stoppedBecause === null || running.cgroup?.outOfMemory()) this.log("ERROR", why);
        const reply = failure(
          500,
          running.stoppedBecause ?? `${why} while handling the request; it will restart on the next request`,
        );
        for (const id of [...this.pending.keys()]) this.settle(id, reply);
        this.options.onIdle?.();
      });
    });
  }

  private exitReason(running: Running, code: number | null, signal: NodeJS.Signals | null): string {
    const stderr = running.stderrTail.trim().split("\n").slice(-3).join(" ");
    if (
      /heap out of memory|Allocation failed|Array buffer allocation failed|Cannot allocate|out of memory/i.test(
        running.stderrTail,
      )
    ) {
      return `lambda ran out of memory (cap ${this.options.memoryMb} MB)${stderr ? `: ${stderr}` : ""}`;
    }
    if (signal === "SIGXCPU")
      return `lambda used its ${this.options.cpuSeconds ?? 600} CPU seconds; its process was stopped`;
    return `lambda process exited (${signal ?? `code ${code}`})${stderr ? `: ${stderr}` : ""}`;
  }

  private onMessage(running: Running, message: RunnerMessage): void {
    switch (message.kind) {
      case "log":
        return this.emitFromLambda({
          ...message.record,
          message: truncateLogLine(message.record.message, HOST_LINE_BYTES),
        });
      case "reply":
        if (this.pending.has(message.id)) {
          running.idleSamples = [];
          this.lastReplyAt = performance.now();
          this.settle(message.id, {
            status: message.status,
            body: message.body,
            contentType: message.contentType,
            headers: message.headers,
          });
        }
        return;
      case "engine":
        return this.serveEngine(running, running.channel, message.id, message.operation, message.args);
      case "fetch":
        return void this.serveFetch(running, message.id, message.request);
    }
  }

  /** Engine calls run one at a time per lambda, a few queued at most: the same bounds as /sdk requests. */
  private serveEngine(
    running: Running,
    channel: FrameChannel,
    id: number,
    operation: string,
    args: Record<string, unknown>,
  ): void {
    const send = (message: ServerMessage) => channel.send(message);
    const refuse = (error: unknown) => {
      const luna = toLunaError(error);
      send({ kind: "engineError", id, error: { ...luna.toBody(), status: luna.status } });
    };
    if (!this.options.engine)
      return refuse(new LunaError(Errors.ModelNotAvailable, "the inference engine is not available to this lambda"));
    if (!this.servesBackgroundWork(running)) return refuse(new LunaError(Errors.BadInputData, IDLE_REFUSAL));
    // Concurrent requests may each wait for one engine call.
    const queueLimit = Math.max(MAX_ENGINE_CALLS_QUEUED, 2 * (this.options.maxConcurrent ?? 1));
    if (this.engineQueued >= queueLimit)
      return refuse(new LunaError(Errors.BadInputData, `more than ${queueLimit} engine calls at once`));
    this.engineQueued++;
    const engine = this.options.engine;
    const call = this.engineTail.then(() => engine(operation, args));
    this.engineTail = call.catch(() => undefined);
    void call.then((result) => send({ kind: "engineReply", id, result }), refuse).finally(() => this.engineQueued--);
  }

  /** Starting, handling a request, or just after answering one. */
  private servesBackgroundWork(running: Running): boolean {
    return (
      this.running !== running || this.pending.size > 0 || performance.now() - this.lastReplyAt < AFTER_REPLY_GRACE_MS
    );
  }

  private async serveFetch(running: Running, id: number, request: EgressRequest): Promise<void> {
    if (!this.servesBackgroundWork(running))
      return running.channel.send({ kind: "fetchError", id, message: IDLE_REFUSAL });
    if (this.fetchesPending >= MAX_FETCHES_IN_FLIGHT + MAX_FETCHES_WAITING) {
      return running.channel.send({
        kind: "fetchError",
        id,
        message: `more than ${MAX_FETCHES_IN_FLIGHT + MAX_FETCHES_WAITING} requests at once`,
      });
    }
    this.fetchesPending++;
    try {
      const response = await this.fetchSlots.run(() =>
        this.options.egress({ ...request, timeoutMs: Math.min(request.timeoutMs, this.options.timeoutMs) }),
      );
      const timing = response.headers["server-timing"];
      const pending = timing ? this.pendingFor(request.headers) : null;
      if (pending && timing)
        for (const [stage, ms] of Object.entries(parseServerTiming(timing)))
          pending.stages[stage] = (pending.stages[stage] ?? 0) + ms;
      running.channel.send({ kind: "fetchReply", id, response });
    } catch (error) {
      running.channel.send({ kind: "fetchError", id, message: (error as Error).message });
    } finally {
      this.fetchesPending--;
    }
  }

  /** Memory over the cap → stop; while idle, a busy CPU over the window → stop. */
  private watch(running: Running): void {
    const pid = running.child.pid;
    const usage = pid ? treeUsage(pid) : null;
    if (!usage) return;
    const capMb = this.options.memoryMb + RESIDENT_RESERVED_MB[this.options.language];
    if (usage.rssBytes > capMb * 1024 * 1024) {
      return this.stop(
        running,
        `lambda ran out of memory (${Math.round(usage.rssBytes / 1048576)} MB resident, cap ${capMb} MB); its process was stopped and will restart`,
      );
    }
    if (this.pending.size > 0 || this.running !== running) return;
    const now = performance.now();
    running.idleSamples.push({ at: now, cpuMs: usage.cpuMs });
    while (running.idleSamples.length > 1 && now - running.idleSamples[1]!.at >= IDLE_WINDOW_MS)
      running.idleSamples.shift();
    const first = running.idleSamples[0]!;
    if (now - first.at < IDLE_WINDOW_MS * 0.9) return;
    const used = usage.cpuMs - first.cpuMs;
    if (used > IDLE_WINDOW_MS * IDLE_CPU_SHARE) {
      this.stop(
        running,
        `lambda kept a CPU busy after answering (${used} ms of CPU in ${Math.round(now - first.at)} ms); its process was stopped and will restart`,
      );
    }
  }

  /** Stops the process; the reason is logged and answers a pending request. */
  private stop(running: Running, why: string): void {
    if (running.stoppedBecause !== null) return;
    running.stoppedBecause = why;
    this.log("WARNING", why);
    if (this.running === running) this.running = null;
    killSandboxed(running.child);
  }

  private consoleLog(level: LogRecord["level"], chunk: Buffer): void {
    for (const line of chunk.toString().split("\n")) {
      if (line.trim())
        this.emitFromLambda({
          time: new Date().toISOString(),
          level,
          requestId: null,
          message: truncateLogLine(line, HOST_LINE_BYTES),
        });
    }
  }

  /** The lambda's own lines (logger, console) are rate-limited; drops are counted and said. */
  private emitFromLambda(record: LogRecord): void {
    if (this.logRate.admit(performance.now())) this.emit(record);
  }

  /** Nothing is logged for a deleted lambda (its logs are freed with it). */
  private emit(record: LogRecord): void {
    if (!this.closed) this.options.onLog(record);
  }

  private log(level: LogRecord["level"], message: string): void {
    this.emit({ time: new Date().toISOString(), level, requestId: null, message });
  }

  /** Stops the process for good; requests it was answering fail with `why`. */
  async close(why = "lambda deleted"): Promise<void> {
    this.closed = true;
    // A process still starting (e.g. waiting for its build) is stopped too, without waiting for it.
    const running = this.running ?? this.launching;
    if (running) {
      running.stoppedBecause ??= why;
      killSandboxed(running.child);
    }
    this.running = null;
    await this.starting?.catch(() => undefined);
  }
}
