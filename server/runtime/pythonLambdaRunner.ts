/**
 * Entry point of a sandboxed Python lambda process: Pyodide (from the npm package, read-only),
 * the shim modules and the lambda's .py files copied next to this bundle at compile time, then
 * the same IPC loop as TypeScript lambdas.
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { PythonLambdaHost } from "../../shared/lambda/pythonLambda.ts";
import { runnerConfig, serveLambdaOverIpc } from "./lambdaIpc.ts";
import { loadPyodideFrom } from "./pyodideNode.ts";

const here = dirname(fileURLToPath(import.meta.url));

function readTree(dir: string, binary: boolean): Record<string, string | Uint8Array> {
  const walk = (d: string): string[] => readdirSync(d).flatMap((name) => (statSync(join(d, name)).isDirectory() ? walk(join(d, name)) : [join(d, name)]));
  return Object.fromEntries(walk(dir).map((file) => [relative(dir, file), binary ? new Uint8Array(readFileSync(file)) : readFileSync(file, "utf8")]));
}

serveLambdaOverIpc(async () => {
  const config = runnerConfig();
  const py = await loadPyodideFrom(config.pyodideDir!);
  const host = PythonLambdaHost.install(py, readTree(join(here, "python", "shims"), false) as Record<string, string>);
  return host.load(readTree(join(here, "python", "lambda"), true), config.type);
});
