/// <reference lib="webworker" />
/**
 * Python's own compiler on the editor's .py files, as the user types: Pyodide (from this server's
 * /pyodide/, as the lambda worker loads it) with the playground's Python runtime, whose
 * `check_syntax` is `compile(source, file, "exec")` — the same check a run and the server's build
 * make, so the problems list says what a run would. A worker of its own: a run's worker is
 * terminated on timeouts, and a check must never wait behind a running lambda.
 */
import { PythonLambdaHost } from "../../shared/lambda/pythonLambda.ts";
import { type PythonSyntaxReply, pythonSyntaxRequestSchema } from "./pythonSyntaxProtocol.ts";

declare const self: DedicatedWorkerGlobalScope;

// The Python shims, as text (the files the lambda worker and the server's sandboxes use).
const PYTHON_SHIMS = Object.fromEntries(
  Object.entries(
    import.meta.glob("../../shared/lambda/python/**/*.py", { query: "?raw", import: "default", eager: true }) as Record<
      string,
      string
    >,
  ).map(([path, source]) => [path.replace("../../shared/lambda/python/", ""), source]),
);

let python: Promise<PythonLambdaHost> | null = null;
function startPython(): Promise<PythonLambdaHost> {
  python ??= (async () => {
    const indexURL = new URL("/pyodide/", self.location.origin).href;
    const { loadPyodide } = (await import(/* @vite-ignore */ `${indexURL}pyodide.mjs`)) as typeof import("pyodide");
    return PythonLambdaHost.install(await loadPyodide({ indexURL }), PYTHON_SHIMS);
  })();
  python.catch(() => (python = null));
  return python;
}

const post = (reply: PythonSyntaxReply) => self.postMessage(reply);

self.onmessage = async (event: MessageEvent<unknown>) => {
  const request = pythonSyntaxRequestSchema.safeParse(event.data);
  if (!request.success) return;
  const { seq, files } = request.data;
  let host: PythonLambdaHost;
  try {
    host = await startPython();
  } catch (error) {
    return post({ kind: "unavailable", seq, reason: error instanceof Error ? error.message : String(error) });
  }
  const problems = Object.entries(files)
    .filter(([path]) => path.endsWith(".py"))
    .map(([path, source]) => host.checkSyntax(source, path))
    .filter((p) => p !== null);
  post({ kind: "checked", seq, problems });
};
