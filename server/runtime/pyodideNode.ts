/**
 * Pyodide in Node: the npm package's files (never a CDN), loaded once per process. Node's
 * permission model denies `process.binding`, which Pyodide's file-system setup calls only for the
 * fs constants; those come from node:fs instead, so Pyodide also loads inside the lambda sandbox.
 */
import { constants as fsConstants } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import type { PyodideInterface } from "pyodide";

/** The installed pyodide package folder (with a trailing slash, as indexURL wants it). */
export function pyodideDir(): string {
  return `${dirname(createRequire(import.meta.url).resolve("pyodide/package.json"))}/`;
}

export async function loadPyodideFrom(indexURL: string): Promise<PyodideInterface> {
  // process.binding is deprecated and missing from @types/node; reach it through a narrow view.
  const proc = process as unknown as { binding(name: string): unknown };
  const original = proc.binding.bind(process);
  proc.binding = (name: string) => (name === "constants" ? { fs: fsConstants } : original(name));
  const { loadPyodide } = (await import(pathToFileURL(`${indexURL}pyodide.mjs`).href)) as typeof import("pyodide");
  return loadPyodide({ indexURL, stdout: (line) => console.log(line), stderr: (line) => console.error(line) });
}
