/** ModelSource reading the verified model files from the project's models/ folder. */
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import type { ModelSource } from "../../shared/inference/modelRegistry.ts";

export function createFsModelSource(modelsDir: string): ModelSource {
  return {
    async read(file: string): Promise<Uint8Array> {
      const bytes = await readFile(join(modelsDir, file));
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
    async size(file: string): Promise<number | null> {
      return stat(join(modelsDir, file)).then(
        (s) => (s.isFile() ? s.size : null),
        () => null,
      );
    },
  };
}
