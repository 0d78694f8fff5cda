/** The Python shim modules (shared/lambda/python/**.py) by path, read from this repo. */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { listFiles } from "./fileTree.ts";

export const PYTHON_SHIM_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../shared/lambda/python");

export function readPythonShims(dir = PYTHON_SHIM_DIR): Record<string, string> {
  return Object.fromEntries(
    listFiles(dir)
      .filter((path) => path.endsWith(".py"))
      .map((path) => [path, readFileSync(join(dir, path), "utf8")]),
  );
}
