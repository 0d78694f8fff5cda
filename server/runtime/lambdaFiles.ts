/** Reads a lambda's own files (models/mask.onnx …) for the engine host; null when a file is missing. */
import { readFile } from "node:fs/promises";
import { join, normalize, sep } from "node:path";

export function lambdaFileReader(sourceDir: string): (path: string) => Promise<Uint8Array | null> {
  return async (path) => {
    const full = normalize(join(sourceDir, path));
    if (!full.startsWith(normalize(sourceDir) + sep)) return null;
    try {
      return new Uint8Array(await readFile(full));
    } catch {
      return null;
    }
  };
}
