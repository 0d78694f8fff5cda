/**
 * Entry point of a sandboxed Python lambda process (part of the prebuilt lambda runtime):
 * Pyodide from the npm package (read-only), the shim modules shipped with the runtime and the
 * lambda's .py files, then the same channel loop as TypeScript lambdas.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { PythonLambdaHost } from "../../shared/lambda/pythonLambda.ts";
import { serveLambdaOverChannel } from "./lambdaChannel.ts";
import { listFiles } from "./fileTree.ts";
import { loadPyodideFrom } from "./pyodideNode.ts";
import { readPythonShims } from "./pythonShims.ts";
import { SYNC_ENGINE_FD } from "./lambdaProtocol.ts";
import { syncEngineCaller } from "./syncEngineChannel.ts";

const here = dirname(fileURLToPath(import.meta.url));

function readTree(dir: string): Record<string, Uint8Array> {
  return Object.fromEntries(listFiles(dir).map((path) => [path, new Uint8Array(readFileSync(join(dir, path)))]));
}

// Pyodide and the shims load while the lambda is being checked; its own files once it passed.
// lunavl's synchronous engine calls block on fd 4 until the server answers (syncEngineChannel.ts).
serveLambdaOverChannel({
  prepare: async (config) =>
    PythonLambdaHost.install(await loadPyodideFrom(config.pyodideDir!), readPythonShims(join(here, "python-shims")), {
      engineCallSync: syncEngineCaller(SYNC_ENGINE_FD, config.maxFrameBytes),
    }),
  load: async (host, config) => host.load(readTree(config.pythonDir!), config.type),
});
