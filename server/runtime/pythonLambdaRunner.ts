/**
 * Entry point of a sandboxed Python lambda process: Pyodide (from the npm package, read-only),
 * the shim modules and the lambda's .py files copied next to this bundle at compile time, then
 * the same IPC loop as TypeScript lambdas.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PythonLambdaHost } from "../../shared/lambda/pythonLambda.ts";
import { runnerConfig, serveLambdaOverIpc } from "./lambdaIpc.ts";
import { listFiles } from "./fileTree.ts";
import { loadPyodideFrom } from "./pyodideNode.ts";
import { readPythonShims } from "./pythonShims.ts";

const here = dirname(fileURLToPath(import.meta.url));

function readTree(dir: string): Record<string, Uint8Array> {
  return Object.fromEntries(listFiles(dir).map((path) => [path, new Uint8Array(readFileSync(join(dir, path)))]));
}

serveLambdaOverIpc(async () => {
  const config = runnerConfig();
  const py = await loadPyodideFrom(config.pyodideDir!);
  const host = PythonLambdaHost.install(py, readPythonShims(join(here, "python", "shims")));
  return host.load(readTree(join(here, "python", "lambda")), config.type);
});
