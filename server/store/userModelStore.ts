/**
 * Keeps user-supplied models (e.g. a mask classifier) under DATA_DIR/user-models/<account>/ so they
 * survive a restart and stay their account's. Files are written to a temporary name and renamed,
 * so a crash never leaves half a model. (Files directly under user-models/ are from before models
 * had owners: nobody's, so they are reported and not loaded.)
 */
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isUuid } from "../http/account.ts";
import { userClassifierManifestSchema, type UserClassifierManifest } from "../../shared/inference/models.ts";

export interface StoredUserModel {
  /** The Luna account the model belongs to. */
  account: string;
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

  /** The account's folder; `account` is a checked UUID, so it never leaves user-models/. */
  private accountDir(account: string): string {
    if (!isUuid(account)) throw new Error(`not an account id: '${account}'`);
    return join(this.dir, account.toLowerCase());
  }

  async save(account: string, manifest: UserClassifierManifest, bytes: Uint8Array): Promise<void> {
    const dir = this.accountDir(account);
    await mkdir(dir, { recursive: true });
    await this.writeAtomically(join(dir, `${manifest.kind}.onnx`), bytes);
    await this.writeAtomically(join(dir, `${manifest.kind}.json`), JSON.stringify(manifest, null, 2));
  }

  async remove(account: string, kind: UserClassifierManifest["kind"]): Promise<void> {
    const dir = this.accountDir(account);
    await rm(join(dir, `${kind}.json`), { force: true });
    await rm(join(dir, `${kind}.onnx`), { force: true });
  }

  /** Every stored model whose manifest parses; broken entries are reported, not fatal. */
  async loadAll(onError: (message: string) => void): Promise<StoredUserModel[]> {
    let accounts: string[];
    try {
      accounts = await readdir(this.dir);
    } catch {
      return [];
    }
    const out: StoredUserModel[] = [];
    for (const account of accounts) {
      if (account.endsWith(".json"))
        onError(
          `user model '${account}' in ${this.dir} belongs to no account and is not loaded; register it again with a Luna-Account-Id`,
        );
      if (!isUuid(account)) continue;
      let names: string[];
      try {
        names = await readdir(join(this.dir, account));
      } catch {
        continue;
      }
      for (const name of names.filter((n) => n.endsWith(".json"))) {
        try {
          const manifest = userClassifierManifestSchema.parse(
            JSON.parse(await readFile(join(this.dir, account, name), "utf8")),
          );
          const bytes = await readFile(join(this.dir, account, `${manifest.kind}.onnx`));
          out.push({ account, manifest, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
        } catch (error) {
          onError(`user model '${account}/${name}' could not be loaded: ${(error as Error).message}`);
        }
      }
    }
    return out;
  }
}
