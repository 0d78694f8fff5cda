/**
 * Keeps user-supplied models (e.g. a mask classifier) under DATA_DIR/user-models so they survive a
 * restart. Files are written to a temporary name and renamed, so a crash never leaves half a model.
 */
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { userClassifierManifestSchema, type UserClassifierManifest } from "../../shared/inference/models.ts";

export interface StoredUserModel {
  manifest: UserClassifierManifest;
  bytes: Uint8Array;
}

export class UserModelStore {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, "user-models");
  }

  private async writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
    const partial = `${path}.${process.pid}.partial`;
    await writeFile(partial, data);
    await rename(partial, path);
  }

  async save(manifest: UserClassifierManifest, bytes: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await this.writeAtomically(join(this.dir, `${manifest.kind}.onnx`), bytes);
    await this.writeAtomically(join(this.dir, `${manifest.kind}.json`), JSON.stringify(manifest, null, 2));
  }

  async remove(kind: string): Promise<void> {
    await rm(join(this.dir, `${kind}.json`), { force: true });
    await rm(join(this.dir, `${kind}.onnx`), { force: true });
  }

  /** Every stored model whose manifest parses; broken entries are reported, not fatal. */
  async loadAll(onError: (message: string) => void): Promise<StoredUserModel[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return [];
    }
    const out: StoredUserModel[] = [];
    for (const name of names.filter((n) => n.endsWith(".json"))) {
      try {
        const manifest = userClassifierManifestSchema.parse(JSON.parse(await readFile(join(this.dir, name), "utf8")));
        const bytes = await readFile(join(this.dir, `${manifest.kind}.onnx`));
        out.push({ manifest, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
      } catch (error) {
        onError(`user model '${name}' could not be loaded: ${(error as Error).message}`);
      }
    }
    return out;
  }
}
