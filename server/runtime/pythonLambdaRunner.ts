/**
 * Entry point of a sandboxed Python lambda process (part of the prebuilt lambda runtime):
 * Pyodide from the npm package (read-only), the shim modules shipped with the runtime and the
 * lambda's .py files, then the same channel loop as TypeScript lambdas.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PythonLambdaHost } from "../../shared/lambda/pythonLambda.ts";
import { serveLambdaOverChannel } from "./lambdaIpc.ts";
import { listFiles } from "./fileTree.ts";
import { loadPyodideFrom } from "./pyodideNode.ts";
import { readPythonShims } from "./pythonShims.ts";

const here = dirname(fileURLToPath(import.meta.url));

function readTree(dir: string): Record<string, Uint8Array> {
  return Object.fromEntries(listFiles(dir).map((path) => [path, new Uint8Array(readFileSync(join(dir, path)))]));
}

serveLambdaOverChannel(async (config) => {
  const py = await loadPyodideFrom(config.pyodideDir!);
  const host = PythonLambdaHost.install(py, readPythonShims(join(here, "python-shims")));
  return host.load(readTree(config.pythonDir!), config.type);
});
