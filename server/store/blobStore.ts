/**
 * Image bytes on the filesystem under DATA_DIR/blobs/<bucket>/<account>/<id>. A write goes to a
 * temporary file that is fsynced and renamed, so a reader (or a crash) never sees half a file.
 */
import { open, mkdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";

export class BlobStore {
  constructor(private readonly root: string) {}

  private path(bucket: string, account: string, id: string): string {
    return join(this.root, bucket, account, id);
  }

  async put(bucket: string, account: string, id: string, bytes: Uint8Array): Promise<void> {
    const target = this.path(bucket, account, id);
    await mkdir(join(this.root, bucket, account), { recursive: true });
    const partial = `${target}.${process.pid}.${crypto.randomUUID()}.partial`;
    const handle = await open(partial, "w");
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(partial, target);
  }

  async get(bucket: string, account: string, id: string): Promise<Uint8Array | null> {
    try {
      const data = await readFile(this.path(bucket, account, id));
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  async delete(bucket: string, account: string, id: string): Promise<void> {
    await rm(this.path(bucket, account, id), { force: true });
  }
}
