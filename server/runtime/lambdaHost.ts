/**
 * Hosts the lambdas of the lambda service: writes each lambda's sources under
 * DATA_DIR/lambdas/<id>/src, compiles them (status waiting → running | failed), keeps one
 * sandboxed process per lambda and its recent log lines.
 */
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { savedRequestHeaders, type ExportedRequest } from "../../shared/lambda/savedRequests.ts";
import type { LambdaReply } from "../../shared/lambda/invoke.ts";
import type { LogRecord } from "../../shared/lambda/logger.ts";
import { lambdaSettingsSchema, resolveSettings, type LambdaSettings } from "../../shared/lambda/settings.ts";
import { Errors, LunaError } from "../../shared/luna/errors.ts";
import type { CreateLambda } from "../../shared/luna/schemas/lambdas.ts";
import { formatIssuePath } from "../../shared/luna/validate.ts";
import type { LambdasRepository, StoredLambda } from "../store/lambdasRepository.ts";
import { existsSync } from "node:fs";
import { compileLambda, isImportRefusal, type CompileError, type CompileResult } from "./lambdaCompiler.ts";
import type { SerializedRequest } from "./lambdaProtocol.ts";
import { lambdaEgress } from "./lambdaEgress.ts";
import { LOG_BYTES_PER_LAMBDA, LOG_LINES_PER_LAMBDA } from "./logLimits.ts";
import { probeOsSandbox, type SandboxChoice, type SandboxProbe } from "./osSandbox.ts";
import { EngineHost } from "../../shared/lambda/engineHost.ts";
import { lambdaFileReader } from "./lambdaFiles.ts";
import { LambdaSandbox, type SandboxReply } from "./lambdaSandbox.ts";
import { InspectorBridge, type InspectorTarget } from "./inspectorBridge.ts";
import { listFiles } from "./fileTree.ts";
import { readSavedRequests, recordRun, writeSavedRequest } from "./savedRequests.ts";
import type { ImageCodec } from "../../shared/inference/imageCodec.ts";
import type { ModelRegistry } from "../../shared/inference/modelRegistry.ts";

/** The account that owns runOnce's throw-away lambdas (never a user's). */
export const RUN_ONCE_ACCOUNT = "00000000-0000-4000-8000-00000000e8e7";

export interface LambdaLimits {
  timeoutMs: number;
  /** All memory of a lambda process (resident), not only its V8 heap. */
  memoryMb: number;
  /** CPU seconds a lambda process may use over its life. */
  cpuSeconds: number;
  /** Largest request body, reply or HTTP exchange of a lambda. */
  maxBodyBytes: number;
  /** Hosts lambdas may reach besides the embedded services (LAMBDA_ALLOWED_HOSTS). */
  allowedHosts: readonly string[];
  /** Lambda processes alive at once; the least recently used idle one is stopped to make room. */
  maxProcesses: number;
  /** Requests one process answers at once (LAMBDA_CONCURRENCY). */
  concurrency: number;
  /** LAMBDA_SANDBOX: auto (bubblewrap where it starts), required (refuse lambdas without it), off. */
  sandbox: "auto" | "required" | "off";
  /** The bubblewrap program (LAMBDA_BWRAP). */
  bwrap: string;
}

/**
 * A debug lambda's request timeout at least: a request paused at a breakpoint would otherwise be
 * stopped at LAMBDA_TIMEOUT_MS while the user reads its variables. CPU seconds stay capped.
 */
export const DEBUG_TIMEOUT_MS = 10 * 60_000;

/** What a lambda's process is made from. */
type LambdaIdentity = Pick<StoredLambda, "lambda_id" | "account_id" | "lambda_type" | "settings"> & { name?: string };

/** The log lines kept for one lambda, capped in count and bytes (oldest go first). */
interface KeptLogs {
  lines: LogRecord[];
  bytes: number;
}

/** Writes a lambda's entry file, modules and other files into a fresh folder (which it returns). */
async function writeSources(dir: string, input: CreateLambda, files: Record<string, Uint8Array>): Promise<string> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, input.language === "python" ? "lambda_main.py" : "lambda_main.ts"), input.code);
  for (const [path, content] of [...Object.entries(input.modules), ...Object.entries(files)]) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

function formatCompileErrors(errors: CompileError[]): string {
  return errors.map((e) => `${e.file ?? ""}:${e.line ?? ""}:${e.column ?? ""} ${e.text}`).join("; ");
}

/** An import of anything but the lambda's own files and luna-lambda-tools: refused at the door (400). */
function importRefusal(first: CompileError): LunaError {
  return new LunaError(
    Errors.BadInputData,
    `${first.file ?? "lambda"}${first.line ? `:${first.line}:${first.column}` : ""}: ${first.text}`,
  );
}

export class LambdaHost {
  private readonly sandboxes = new Map<string, LambdaSandbox>();
  private readonly compiling = new Map<string, Promise<CompileResult>>();
  private readonly logLines = new Map<string, KeptLogs>();
  private readonly engines = new Map<string, EngineHost>();
  /** Requests waiting for a process slot (LAMBDA_MAX_PROCESSES), woken when a process may have become idle. */
  private roomWaiters: (() => void)[] = [];
  /** Pending writes of kept runs, per lambda. */
  private readonly recordings = new Map<string, Promise<void>>();
  /** Lambdas whose process runs with the inspector, and the host's loopback end of it. */
  private readonly debuggers = new Map<string, InspectorBridge>();

  constructor(
    private readonly root: string,
    private readonly repo: LambdasRepository,
    /** Origin of the embedded services, e.g. http://127.0.0.1:5000 (known once the server listens). */
    private readonly selfOrigin: () => string,
    private readonly limits: LambdaLimits,
    /** The server's inference core, which lambdas reach through engine.* (IPC). */
    private readonly inference: { models: ModelRegistry; codec: ImageCodec },
    /** Headers for the lambdas' requests to the embedded services (the control-plane token). */
    private readonly selfHeaders: () => Record<string, string> = () => ({}),
  ) {}

  /** Which OS sandbox lambdas run in here (the start-up log, /healthcheck and the page say it). */
  sandbox(): Promise<SandboxProbe> {
    return probeOsSandbox(this.sandboxChoice());
  }

  private sandboxChoice(): SandboxChoice {
    return { mode: this.limits.sandbox === "off" ? "off" : "auto", bwrap: this.limits.bwrap };
  }

  /** Throws when LAMBDA_SANDBOX=required and no OS sandbox can start. */
  async assertSandbox(): Promise<void> {
    const probe = await this.sandbox();
    if (this.limits.sandbox === "required" && probe.kind === "none")
      throw new LunaError(Errors.LambdaSandboxRequired, probe.detail);
  }

  private dir(lambdaId: string): string {
    return join(this.root, lambdaId);
  }

  /** The language is the entry file's: lambda_main.py or lambda_main.ts. */
  isPython(lambdaId: string): boolean {
    return existsSync(join(this.dir(lambdaId), "src", "lambda_main.py"));
  }

  private requestsDir(lambdaId: string): string {
    return join(this.dir(lambdaId), "requests");
  }

  /** The lambda's sources, other files and saved requests: what its export archive holds. */
  async project(lambdaId: string): Promise<{
    code: string;
    modules: Record<string, string>;
    files: Record<string, Uint8Array>;
    requests: ExportedRequest[];
  }> {
    await this.recordings.get(lambdaId);
    const src = join(this.dir(lambdaId), "src");
    const modules: Record<string, string> = {};
    const files: Record<string, Uint8Array> = {};
    let code = "";
    for (const path of listFiles(src)) {
      const file = join(src, path);
      if (path === "lambda_main.ts" || path === "lambda_main.py") code = await readFile(file, "utf8");
      else if (path.endsWith(".ts") || path.endsWith(".py") || path === "requirements.txt")
        modules[path] = await readFile(file, "utf8");
      else files[path] = new Uint8Array(await readFile(file));
    }
    return { code, modules, files, requests: await readSavedRequests(this.requestsDir(lambdaId)) };
  }

  /** Checks the settings now, so a bad lambda.json is a 400 at creation rather than a failing lambda. */
  settingsOf(overrides: Record<string, unknown>): LambdaSettings {
    const result = lambdaSettingsSchema.safeParse({ ...resolveSettings({}, this.selfOrigin()), ...overrides });
    if (!result.success) {
      const issue = result.error.issues[0]!;
      throw new LunaError(Errors.BadInputJson, `settings.${formatIssuePath(issue.path)}`, issue.message);
    }
    return result.data;
  }

  /**
   * `files`: other files of the lambda (e.g. models/), written next to its sources; `requests`:
   * saved test requests (from an imported export), kept with the lambda's own recent runs.
   */
  async create(
    account: string,
    input: CreateLambda,
    files: Record<string, Uint8Array> = {},
    requests: ExportedRequest[] = [],
  ): Promise<string> {
    await this.assertSandbox();
    this.settingsOf(input.settings);
    const lambdaId = crypto.randomUUID();
    const src = join(this.dir(lambdaId), "src");
    const staging = await writeSources(`${src}.partial`, input, files);
    await rename(staging, src);
    for (const request of requests)
      await writeSavedRequest(
        this.requestsDir(lambdaId),
        request,
        input.lambda_type === "handlers" ? "msgpack" : "json",
      );
    await this.repo.create(lambdaId, account, input.name, input.lambda_type, input.settings);
    // The build runs in its sandbox, off the event loop; creation waits for it so that an import of
    // anything but the lambda's own files is refused right here.
    const result = await this.startCompile(lambdaId, {
      lambda_id: lambdaId,
      account_id: account,
      lambda_type: input.lambda_type,
      settings: input.settings,
      name: input.name,
    });
    const refused = result.ok ? [] : result.errors.filter((e) => isImportRefusal(e.text));
    if (refused.length > 0) {
      await this.repo.delete(account, lambdaId);
      await this.delete(lambdaId);
      throw importRefusal(refused[0]!);
    }
    return lambdaId;
  }

  /**
   * Replaces a lambda's sources and files (PUT /lambdas/{id}; the playground's kept lambda after an
   * edit). The new sources are built aside first: a refused import is a 400 and the lambda keeps
   * answering with its old code; otherwise they replace the old ones, the process restarts on them
   * and the version goes up. Compile errors leave the lambda `failed` with its errors, as at creation.
   */
  async update(lambda: StoredLambda, input: CreateLambda, files: Record<string, Uint8Array>): Promise<void> {
    await this.assertSandbox();
    this.settingsOf(input.settings);
    const id = lambda.lambda_id;
    const dir = this.dir(id);
    await this.settled(id);
    const staging = await writeSources(join(dir, "src.next"), input, files);
    const stagingBuild = join(dir, "build.next");
    const result = await compileLambda(staging, stagingBuild, input.language, this.sandboxChoice()).catch(
      (error: unknown) => ({
        ok: false as const,
        errors: [
          { text: `the build could not start: ${(error as Error).message}`, file: null, line: null, column: null },
        ],
      }),
    );
    const refused = result.ok ? [] : result.errors.filter((e) => isImportRefusal(e.text));
    if (refused.length > 0) {
      await Promise.all([
        rm(staging, { recursive: true, force: true }),
        rm(stagingBuild, { recursive: true, force: true }),
      ]);
      throw importRefusal(refused[0]!);
    }
    // Runs still being recorded belong to the old version's export; then the old process goes.
    await this.recordings.get(id);
    await this.stopProcess(id);
    for (const [from, to] of [
      [staging, join(dir, "src")],
      [stagingBuild, join(dir, "build")],
    ] as const) {
      await rm(to, { recursive: true, force: true });
      await rename(from, to).catch(async (error: unknown) => {
        // A failed build leaves no folder: the lambda is `failed` and has nothing to run.
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        await mkdir(to, { recursive: true });
      });
    }
    await this.repo.update(
      id,
      input.name,
      input.lambda_type,
      input.settings,
      result.ok ? "running" : "failed",
      result.ok ? null : result.errors,
    );
    this.log(
      id,
      result.ok ? "INFO" : "ERROR",
      result.ok
        ? `updated; compiled in ${result.milliseconds.toFixed(0)} ms`
        : `update: compilation failed: ${formatCompileErrors(result.errors)}`,
    );
    if (result.ok)
      this.warm(
        { ...lambda, name: input.name, lambda_type: input.lambda_type, settings: input.settings },
        Promise.resolve(true),
      );
  }

  /**
   * `warm`: a new lambda's process starts with its build and loads the lambda once the build is
   * done (a Python one loads Pyodide meanwhile), so its first request finds it ready.
   */
  private startCompile(lambdaId: string, warm?: LambdaIdentity): Promise<CompileResult> {
    const work = (async (): Promise<CompileResult> => {
      const language = this.isPython(lambdaId) ? "python" : "typescript";
      const buildDir = join(this.dir(lambdaId), "build");
      let built: (ok: boolean) => void = () => undefined;
      if (warm) {
        // The process starts now and loads the lambda when the build is done: its start and the build overlap.
        await mkdir(buildDir, { recursive: true });
        this.warm(warm, new Promise<boolean>((resolve) => (built = resolve)));
      }
      const result = await compileLambda(
        join(this.dir(lambdaId), "src"),
        buildDir,
        language,
        this.sandboxChoice(),
      ).catch((error: unknown) => ({
        ok: false as const,
        errors: [
          { text: `the build could not start: ${(error as Error).message}`, file: null, line: null, column: null },
        ],
      }));
      built(result.ok);
      if (!result.ok) await this.stopProcess(lambdaId);
      await this.repo.setStatus(lambdaId, result.ok ? "running" : "failed", result.ok ? null : result.errors);
      this.log(
        lambdaId,
        result.ok ? "INFO" : "ERROR",
        result.ok
          ? `compiled in ${result.milliseconds.toFixed(0)} ms`
          : `compilation failed: ${formatCompileErrors(result.errors)}`,
      );
      return result;
    })();
    this.compiling.set(lambdaId, work);
    void work.finally(() => this.compiling.delete(lambdaId)).catch(() => undefined);
    return work;
  }

  /** Recompiles every stored lambda (the build folder is a cache; the sources are the truth). */
  async restoreAll(): Promise<void> {
    for (const lambda of await this.repo.all()) void this.startCompile(lambda.lambda_id).catch(() => undefined);
  }

  /** Resolves once a pending compilation of this lambda has finished. */
  async settled(lambdaId: string): Promise<void> {
    await this.compiling.get(lambdaId);
  }

  async invoke(lambda: StoredLambda, request: SerializedRequest & { path?: string }): Promise<SandboxReply> {
    await this.assertSandbox();
    // A rebuild (at start-up) replaces the build folder: its process starts from the finished one.
    await this.compiling.get(lambda.lambda_id);
    const sandbox = this.sandboxFor(lambda);
    // Every process busy (starting or answering): wait until one is idle or gone, then stop it for this one.
    while (!sandbox.hasProcess() && !this.makeRoom())
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    const reply = await sandbox.invoke(request);
    // Only runs of main are kept for the export's saved requests.
    if ((request.path ?? "/main") === "/main")
      this.keepRun(lambda, request, { status: reply.status, body: reply.body });
    return reply;
  }

  /** Starts the lambda's process ahead of its first request (a failure shows on that request). */
  private warm(lambda: LambdaIdentity, built: Promise<boolean>): void {
    const sandbox = this.sandboxFor(lambda);
    if (sandbox.hasProcess()) return;
    // Only into free room: a burst of creations must not start more processes than LAMBDA_MAX_PROCESSES.
    if (this.makeRoom()) sandbox.warm(built);
  }

  /** Stops the lambda's process and frees its engine (its files and logs stay). */
  private async stopProcess(lambdaId: string, why?: string): Promise<void> {
    await this.sandboxes.get(lambdaId)?.close(why);
    this.sandboxes.delete(lambdaId);
    await this.engines.get(lambdaId)?.dispose();
    this.engines.delete(lambdaId);
  }

  /**
   * Restarts the lambda's process with Node's inspector (a TypeScript lambda in bubblewrap only:
   * Node 20 has no inspector under its permission model, so the OS walls must be there) and
   * answers where DevTools connects: the host's loopback, relayed into the sandbox.
   */
  async startDebugger(lambda: StoredLambda): Promise<InspectorTarget> {
    const id = lambda.lambda_id;
    if (this.isPython(id))
      throw new LunaError(Errors.DebuggerUnavailable, "Node's inspector debugs TypeScript lambdas, not Python ones");
    const probe = await this.sandbox();
    if (probe.kind !== "bubblewrap")
      throw new LunaError(
        Errors.DebuggerUnavailable,
        `a debug lambda runs without Node's permission model, so only inside the OS sandbox, and none starts here: ${probe.detail}`,
      );
    await this.compiling.get(id);
    let bridge = this.debuggers.get(id);
    if (!bridge) {
      bridge = await InspectorBridge.open();
      this.debuggers.set(id, bridge);
      // Its next process is made with the inspector.
      await this.stopProcess(id, "lambda restarted under the inspector (debugger on)");
      this.log(id, "INFO", `debugger on: DevTools connects at 127.0.0.1:${bridge.port} (this machine only)`);
    }
    const sandbox = this.sandboxFor(lambda);
    while (!sandbox.hasProcess() && !this.makeRoom())
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    await sandbox.started();
    return bridge.target();
  }

  /** Where DevTools connects to the lambda's current process; null when it is not being debugged. */
  async debuggerTarget(lambda: StoredLambda): Promise<InspectorTarget | null> {
    return this.debuggers.has(lambda.lambda_id) ? this.startDebugger(lambda) : null;
  }

  /** Back to a normal process (with the permission model); false when it was not being debugged. */
  async stopDebugger(lambdaId: string): Promise<boolean> {
    const bridge = this.debuggers.get(lambdaId);
    if (!bridge) return false;
    this.debuggers.delete(lambdaId);
    await this.stopProcess(lambdaId, "lambda restarted without the inspector (debugger off)");
    await bridge.close();
    this.log(lambdaId, "INFO", "debugger off");
    return true;
  }

  private sandboxFor(lambda: LambdaIdentity): LambdaSandbox {
    let sandbox = this.sandboxes.get(lambda.lambda_id);
    if (!sandbox) {
      const debug = this.debuggers.get(lambda.lambda_id);
      const engine = new EngineHost(
        this.inference.models,
        this.inference.codec,
        lambdaFileReader(join(this.dir(lambda.lambda_id), "src")),
      );
      this.engines.set(lambda.lambda_id, engine);
      sandbox = new LambdaSandbox({
        engine: (operation, args) => engine.handle(operation, args),
        buildDir: join(this.dir(lambda.lambda_id), "build"),
        language: this.isPython(lambda.lambda_id) ? "python" : "typescript",
        type: lambda.lambda_type,
        name: lambda.name,
        settings: this.settingsOf(lambda.settings),
        timeoutMs: debug ? Math.max(this.limits.timeoutMs, DEBUG_TIMEOUT_MS) : this.limits.timeoutMs,
        inspector: debug ? { socketDir: debug.socketDir } : undefined,
        maxConcurrent: this.limits.concurrency,
        memoryMb: this.limits.memoryMb,
        cpuSeconds: this.limits.cpuSeconds,
        sandbox: this.sandboxChoice(),
        maxMessageBytes: this.limits.maxBodyBytes,
        onLog: (record) => this.keep(lambda.lambda_id, record),
        onIdle: () => this.roomWaiters.splice(0).forEach((wake) => wake()),
        egress: lambdaEgress({
          selfOrigin: this.selfOrigin,
          allowedHosts: this.limits.allowedHosts,
          // The lambda acts as its owner, whatever headers it writes.
          accountId: () => lambda.account_id,
          maxBodyBytes: this.limits.maxBodyBytes,
          selfHeaders: this.selfHeaders,
        }),
      });
      this.sandboxes.set(lambda.lambda_id, sandbox);
    }
    return sandbox;
  }

  /** Lambda processes alive or starting now. */
  processCount(): number {
    return [...this.sandboxes.values()].filter((s) => s.hasProcess()).length;
  }

  /** Stops least recently used idle processes while LAMBDA_MAX_PROCESSES are alive; true when one more fits. */
  private makeRoom(): boolean {
    const alive = [...this.sandboxes.values()].filter((s) => s.hasProcess()).sort((a, b) => a.lastUsed - b.lastUsed);
    let excess = alive.length - this.limits.maxProcesses + 1;
    for (const sandbox of alive) {
      if (excess <= 0) break;
      if (
        sandbox.stopIfIdle(
          `process stopped to make room for another lambda (LAMBDA_MAX_PROCESSES=${this.limits.maxProcesses}); the next request starts it again`,
        )
      )
        excess--;
    }
    return excess <= 0;
  }

  /** Keeps the run for the lambda's export off the reply's path: writes queue per lambda, in order. */
  private keepRun(lambda: StoredLambda, request: SerializedRequest, reply: LambdaReply): void {
    const id = lambda.lambda_id;
    const run = { body: request.body, headers: savedRequestHeaders(request.headers), reply };
    const queued = (this.recordings.get(id) ?? Promise.resolve())
      .then(() => recordRun(this.requestsDir(id), run, lambda.lambda_type === "handlers" ? "msgpack" : "json"))
      .catch((error: unknown) =>
        this.log(id, "WARNING", `could not keep this run for export: ${(error as Error).message}`),
      );
    this.recordings.set(id, queued);
    void queued.then(() => {
      if (this.recordings.get(id) === queued) this.recordings.delete(id);
    });
  }

  private log(lambdaId: string, level: LogRecord["level"], message: string): void {
    this.keep(lambdaId, { time: new Date().toISOString(), level, requestId: null, message });
  }

  private keep(lambdaId: string, record: LogRecord): void {
    const kept = this.logLines.get(lambdaId) ?? { lines: [], bytes: 0 };
    kept.lines.push(record);
    kept.bytes += record.message.length;
    while (kept.lines.length > LOG_LINES_PER_LAMBDA || (kept.bytes > LOG_BYTES_PER_LAMBDA && kept.lines.length > 1)) {
      kept.bytes -= kept.lines.shift()!.message.length;
    }
    this.logLines.set(lambdaId, kept);
  }

  logs(lambdaId: string): LogRecord[] {
    return [...(this.logLines.get(lambdaId)?.lines ?? [])];
  }

  /**
   * Runs requests through a throw-away lambda made from `input` (the server's models, sandboxed as
   * any lambda) and deletes it: the replies an export saves when the playground has none from the
   * server's runtime. A lambda that does not compile is a 400 naming the first error.
   */
  async runOnce(
    input: CreateLambda,
    files: Record<string, Uint8Array>,
    requests: SerializedRequest[],
  ): Promise<LambdaReply[]> {
    const account = RUN_ONCE_ACCOUNT;
    const lambdaId = await this.create(account, input, files);
    try {
      await this.settled(lambdaId);
      const lambda = await this.repo.get(account, lambdaId);
      if (lambda?.status !== "running") {
        const first = lambda?.errors?.[0];
        throw new LunaError(
          Errors.BadInputData,
          `the lambda does not compile: ${first ? `${first.file ?? ""}:${first.line ?? ""}:${first.column ?? ""} ${first.text}` : (lambda?.status ?? "gone")}`,
        );
      }
      const replies: LambdaReply[] = [];
      for (const request of requests) replies.push(await this.invoke(lambda, request));
      return replies;
    } finally {
      await this.repo.delete(account, lambdaId);
      await this.delete(lambdaId);
    }
  }

  async delete(lambdaId: string): Promise<void> {
    await this.settled(lambdaId);
    await this.recordings.get(lambdaId);
    await this.stopProcess(lambdaId);
    await this.stopDebugger(lambdaId);
    this.logLines.delete(lambdaId);
    await rm(this.dir(lambdaId), { recursive: true, force: true });
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.compiling.values(), ...this.recordings.values()]);
    for (const sandbox of this.sandboxes.values()) await sandbox.close();
    this.sandboxes.clear();
    for (const engine of this.engines.values()) await engine.dispose();
    this.engines.clear();
    for (const bridge of this.debuggers.values()) await bridge.close();
    this.debuggers.clear();
  }
}
