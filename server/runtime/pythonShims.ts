/** The Python shim modules (shared/lambda/python/**.py) by path, read from this repo. */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const PYTHON_SHIM_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../shared/lambda/python");

export function readPythonShims(dir = PYTHON_SHIM_DIR): Record<string, string> {
  const walk = (d: string): string[] => readdirSync(d).flatMap((name) => (statSync(join(d, name)).isDirectory() ? walk(join(d, name)) : name.endsWith(".py") ? [join(d, name)] : []));
  return Object.fromEntries(walk(dir).map((file) => [relative(dir, file), readFileSync(file, "utf8")]));
}
