/**
 * Python lambdas on Pyodide, platform-neutral: the runtime (a sandboxed Node process, a browser
 * worker) hands in a loaded Pyodide and the shim modules' sources (shared/lambda/python). The
 * shims reach the TypeScript clients, logger, luna3 classes and error catalogue through one JS
 * module, `_luna_bridge`, so a Python lambda's service calls and error rules are the TypeScript
 * ones. A loaded lambda is a LambdaModule, run by createLambdaInstance like a TypeScript one.
 */
import type { PyodideInterface } from "pyodide";
import { encode } from "@msgpack/msgpack";
import type { LambdaModule } from "./lambdaInstance.ts";
import { logger } from "./logger.ts";
import * as luna3 from "./luna3.ts";
import { UserException } from "./exceptions.ts";
import { engine } from "./engine.ts";
import type { LambdaType } from "./invoke.ts";
import { HandlerReply, LambdaUserHandler } from "./userHandler.ts";

/** Where the shims and the lambda's files live in Pyodide's file system. */
const SHIM_ROOT = "/luna/python";
const LAMBDA_ROOT = "/luna/lambda";

const LUNA3_CLASSES = [
  "BinaryImage",
  "SDKDescriptorReference",
  "BasicAttributes",
  "BasicEthnicities",
  "Descriptor",
  "DetectionSamples",
  "Event",
  "EventDetection",
  "EventFace",
  "EventFaceAttributes",
  "FaceSample",
] as const;

/** A Python UserException as the TypeScript reply rules know it. */
class PythonUserException extends UserException {
  constructor(
    private readonly status: number,
    text: string,
  ) {
    super(text);
  }

  override get statusCode(): number {
    return this.status;
  }
}

/** A Python exception nobody caught: its message, with the traceback kept for the log. */
export class PythonLambdaError extends Error {
  constructor(
    message: string,
    readonly traceback: string,
  ) {
    super(message);
    this.name = "PythonError";
  }
}

export interface PythonSyntaxProblem {
  text: string;
  file: string;
  line: number | null;
  column: number | null;
}

/** What the host offers besides the shared bridge. */
export interface PythonHostOptions {
  /**
   * Engine calls answered synchronously (the server's Python runner blocks on a pipe). Without it,
   * lunavl's synchronous calls wait through JavaScript Promise Integration where the engine has it (Chromium).
   */
  engineCallSync?: (operation: string, args: Record<string, unknown>) => unknown;
}

const ENGINE_OPERATIONS = new Set(["detectFaces", "warp", "estimateMask"]);

function bridge(options: PythonHostOptions) {
  const classes = new Map<string, new (options: never) => unknown>(
    LUNA3_CLASSES.map((name) => [name, luna3[name] as unknown as new (options: never) => unknown]),
  );
  return {
    log(level: string, message: string) {
      const write =
        { DEBUG: logger.debug, INFO: logger.info, WARNING: logger.warning, ERROR: logger.error }[level] ?? logger.info;
      write.call(logger, message);
    },
    call_client(client: Record<string, unknown>, method: string, options: Record<string, unknown>) {
      const fn = client[method];
      if (typeof fn !== "function" || method.startsWith("_") || method === "constructor")
        throw new Error(`the client has no method '${method}'`);
      if (method === "saveEvents") {
        const { events, ...rest } = options;
        return (fn as (e: unknown, o: unknown) => Promise<unknown>).call(client, events, rest);
      }
      return (fn as (o: unknown) => Promise<unknown>).call(client, options);
    },
    luna3_new(name: string, options: unknown) {
      const Class = classes.get(name);
      if (!Class) throw new Error(`luna3 has no class '${name}' here`);
      return new Class(options as never);
    },
    msgpack_encode: (value: unknown) => encode(value),
    engine_call(operation: string, args: Record<string, unknown>) {
      if (!ENGINE_OPERATIONS.has(operation)) throw new Error(`the engine has no operation '${operation}'`);
      return (engine[operation as "detectFaces"] as (a: unknown) => Promise<unknown>)(args);
    },
    has_engine_call_sync: options.engineCallSync !== undefined,
    engine_call_sync(operation: string, args: Record<string, unknown>) {
      if (!ENGINE_OPERATIONS.has(operation)) throw new Error(`the engine has no operation '${operation}'`);
      if (!options.engineCallSync) throw new Error("this runtime has no synchronous engine calls");
      return options.engineCallSync(operation, args);
    },
    sdk_descriptor_decode: (descriptor: Uint8Array | string) => luna3.sdkDescriptorDecode(descriptor),
    luna_error(name: string) {
      const spec = (luna3.LunaErrors as Record<string, { asDict(): unknown } | undefined>)[name];
      if (!spec) throw new Error(`cow.errors has no error '${name}'`);
      return spec.asDict();
    },
  };
}

function writeTree(py: PyodideInterface, root: string, files: Record<string, string | Uint8Array>): void {
  for (const [path, content] of Object.entries(files)) {
    const full = `${root}/${path}`;
    py.FS.mkdirTree(full.slice(0, full.lastIndexOf("/")));
    py.FS.writeFile(full, content);
  }
}

interface Outcome {
  kind: "reply" | "user" | "js" | "python";
  body?: unknown;
  status?: number;
  text?: string;
  error?: unknown;
  traceback?: string;
}

/** luna_lambda_tools._main, as the host calls it. */
interface PythonRuntime {
  check_syntax(source: string, file: string): { toJs(): [string, number | null, number | null] } | undefined;
  load_lambda(path: string, lambdasRoot: string): unknown;
  has_main(module: unknown): boolean;
  run_main(
    module: unknown,
    request: unknown,
    type: LambdaType,
    ctx: unknown,
  ): Promise<{ toJs(o: object): Outcome; destroy(): void }>;
  run_route(
    module: unknown,
    path: string,
    method: string,
    request: unknown,
    ctx: unknown,
  ): Promise<{ toJs(o: object): Outcome; destroy(): void }>;
  list_routes(module: unknown): [string, string[], string][];
  start_user_ctx(module: unknown): Promise<unknown>;
}

export class PythonLambdaHost {
  private constructor(
    private readonly py: PyodideInterface,
    private readonly runtime: PythonRuntime,
  ) {}

  /** Installs the shims (path → source, e.g. "luna_lambda_tools/__init__.py") into a loaded Pyodide. */
  static install(
    py: PyodideInterface,
    shims: Record<string, string>,
    options: PythonHostOptions = {},
  ): PythonLambdaHost {
    writeTree(py, SHIM_ROOT, shims);
    py.registerJsModule("_luna_bridge", bridge(options));
    py.runPython(
      `import sys\nif ${JSON.stringify(SHIM_ROOT)} not in sys.path: sys.path.insert(0, ${JSON.stringify(SHIM_ROOT)})`,
    );
    return new PythonLambdaHost(py, py.pyimport("luna_lambda_tools._main") as PythonRuntime);
  }

  /** Python's own compiler on one file: null when it compiles, else the error with its line. */
  checkSyntax(source: string, file = "lambda_main.py"): PythonSyntaxProblem | null {
    const result = this.runtime.check_syntax(source, file);
    if (!result) return null;
    const [text, line, column] = result.toJs();
    return { text, file, line: line ?? null, column: column ?? null };
  }

  /**
   * Imports lambda_main.py (with the lambda's other files next to it) and adapts it to a
   * LambdaModule. Import errors (a missing module, an exception at import time) throw.
   */
  async load(files: Record<string, string | Uint8Array>, type: LambdaType): Promise<LambdaModule> {
    const generation = `${LAMBDA_ROOT}/l${crypto.randomUUID().replaceAll("-", "")}`;
    writeTree(this.py, generation, files);
    const runtime = this.runtime;
    let module: unknown;
    try {
      module = runtime.load_lambda(generation, `${LAMBDA_ROOT}/`);
    } catch (error) {
      throw new Error(pythonErrorText(error));
    }
    if (!runtime.has_main(module)) throw new Error("lambda_main.py must define async def main(request)");
    const ctxOf = (request: unknown) => (request as { userCtx?: { python?: unknown } }).userCtx?.python ?? null;
    const finish = (result: { toJs(o: object): Outcome; destroy(): void }) => {
      const outcome = result.toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
      result.destroy();
      return outcome;
    };
    let listed: [string, string[], string][];
    try {
      listed = runtime.list_routes(module);
    } catch (error) {
      throw new Error(pythonErrorText(error));
    }
    // Each Python route becomes a LambdaUserHandler class whose methods run the Python handler's.
    const routes = Object.fromEntries(
      listed.map(([path, methods, name]) => {
        const Route = class extends LambdaUserHandler {};
        Object.defineProperty(Route, "name", { value: name });
        for (const method of methods.map((m) => m.toLowerCase())) {
          Object.defineProperty(Route.prototype, method, {
            value: async function (this: LambdaUserHandler) {
              const outcome = finish(await runtime.run_route(module, path, method, this.request, ctxOf(this.request)));
              const body = settle(outcome);
              return new HandlerReply(outcome.status ?? 200, body);
            },
          });
        }
        return [path, Route];
      }),
    );
    return {
      main: async (request: unknown) => settle(finish(await runtime.run_main(module, request, type, ctxOf(request)))),
      routes,
      UserCtx: class PythonUserCtx {
        python: unknown = null;
        async onStart() {
          this.python = await runtime.start_user_ctx(module);
        }
      },
    };
  }
}

/**
 * A traceback in the user's terms: the lambda's files as `lambda_main.py` (not the folder Pyodide
 * loaded them from), the runtime's own frames (the shims under /luna/python) left out.
 */
export function cleanTraceback(text: string): string {
  const out: string[] = [];
  let skipping = false;
  for (const line of text.split("\n")) {
    if (/^ {2}File "/.test(line)) skipping = line.startsWith(`  File "${SHIM_ROOT}/`);
    else if (!/^ {4}/.test(line)) skipping = false;
    if (!skipping) out.push(line);
  }
  return out.join("\n").replaceAll(/\/luna\/lambda\/l[0-9a-f]+\//g, "");
}

function settle(outcome: Outcome): unknown {
  switch (outcome.kind) {
    case "reply":
      return outcome.body;
    case "user":
      throw new PythonUserException(outcome.status ?? 500, outcome.text ?? "Lambda exception");
    case "js":
      throw outcome.error instanceof Error ? outcome.error : new Error(outcome.text ?? "JavaScript error");
    default:
      logger.error(cleanTraceback(outcome.traceback ?? outcome.text ?? ""));
      throw new PythonLambdaError(
        cleanTraceback(outcome.text ?? "Python exception"),
        cleanTraceback(outcome.traceback ?? ""),
      );
  }
}

/** The last line of a Python traceback ("ModuleNotFoundError: No module named 'lunavl'"). */
export function pythonErrorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const lines = text
    .trim()
    .split("\n")
    .filter((l) => l.trim());
  return lines[lines.length - 1] ?? text;
}
