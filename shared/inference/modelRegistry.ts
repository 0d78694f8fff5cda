/**
 * Loads each model once (bytes from a platform `ModelSource`, sha256 checked), creates one
 * serialised session per model and keeps per-model run statistics.
 */
import { Errors, LunaError } from "../luna/errors.ts";
import { SerialSession, type InferenceBackend, type ModelSession } from "./backend.ts";
import { MODELS, builtinModelIds, type BuiltinModelId, type UserClassifierManifest } from "./models.ts";
import type { ModelSpec } from "./modelSpec.ts";
import { withInputSize } from "./onnxInputSize.ts";

export interface ModelSource {
  /** Reads a model file by name, reporting download progress where the platform can. */
  read(file: string, onProgress?: (loadedBytes: number, totalBytes: number | null) => void): Promise<Uint8Array>;
  /** The file's size without reading it (null: missing), where that is cheap (the server's disk). */
  size?(file: string): Promise<number | null>;
}

export interface ModelRunStats {
  runs: number;
  totalMs: number;
}

export interface ModelStatus {
  id: string;
  file: string;
  bytes: number;
  sha256: string;
  loaded: boolean;
  loadMs: number | null;
}

/** Load progress of one built-in model: download (bytes), then session creation, then ready (or failed). */
export interface ModelLoadEvent {
  id: string;
  phase: "download" | "session" | "ready" | "failed";
  loadedBytes: number;
  totalBytes: number | null;
}

export interface UserModel {
  manifest: UserClassifierManifest;
  session: ModelSession;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Whose user models a registry call means. The browser holds one user's models ("local"); the server
 * keys them by Luna account, so one account's classifier is never another's (null: nobody's).
 */
export type UserModelOwner = string | null;
export const LOCAL_MODEL_OWNER = "local";

const userModelKey = (owner: string, kind: string) => `${owner}\u0000${kind}`;

export class ModelRegistry {
  private readonly sessions = new Map<string, Promise<ModelSession>>();
  private readonly loadTimes = new Map<string, number>();
  private readonly stats = new Map<string, ModelRunStats>();
  private readonly userModels = new Map<string, UserModel>();
  /** Wall time during which at least one built-in model was loading (loads overlap). */
  private loadingWallMs = 0;
  private loadsInFlight = 0;
  private loadingSince = 0;

  constructor(
    readonly backend: InferenceBackend,
    private readonly source: ModelSource,
    private readonly onLoadEvent?: (event: ModelLoadEvent) => void,
  ) {}

  /** The session of a built-in model, loading it on first use. */
  session(id: BuiltinModelId): Promise<ModelSession> {
    let pending = this.sessions.get(id);
    if (!pending) {
      pending = this.timedLoad(id);
      this.sessions.set(id, pending);
      // A failed load must not poison later attempts (e.g. after the file is restored).
      pending.catch(() => this.sessions.delete(id));
    }
    return pending;
  }

  /**
   * The input size a built-in model runs at here: the manifest's, or the backend's own for a model
   * whose graph allows it (`resizableInput`). Every crop of that model is resized to this.
   */
  inputSize(spec: ModelSpec): readonly [number, number] {
    const own = spec.resizableInput ? this.backend.modelInputSizes?.[spec.id] : undefined;
    return own ?? spec.inputSize;
  }

  /** The session of a built-in model by its spec (what estimators hold), loading it on first use. */
  sessionFor(spec: ModelSpec): Promise<ModelSession> {
    const id = spec.id as BuiltinModelId;
    if (MODELS[id] !== spec) return Promise.reject(new Error(`'${spec.id}' is not a built-in model of this registry`));
    return this.session(id);
  }

  /**
   * Starts loading these models side by side (each at most once) and waits for all of them: a
   * request asks for what its flags need up front, so downloads and session creation overlap.
   */
  async require(ids: Iterable<BuiltinModelId>): Promise<void> {
    await Promise.all([...new Set(ids)].map((id) => this.session(id)));
  }

  /** Wall-clock milliseconds spent with at least one model loading, so far (a page reports the part it has not shown). */
  loadWallMs(): number {
    return this.loadingWallMs + (this.loadsInFlight > 0 ? performance.now() - this.loadingSince : 0);
  }

  /**
   * Without loading anything: every built-in model file is there with its manifest size. Lazy loading
   * would otherwise find a missing file only at the first request; the server checks at start-up.
   */
  async checkFiles(): Promise<void> {
    const size = this.source.size?.bind(this.source);
    if (!size) return;
    const problems: string[] = [];
    for (const id of builtinModelIds) {
      const spec = MODELS[id];
      const actual = await size(spec.file);
      if (actual !== spec.bytes)
        problems.push(
          actual === null ? `'${spec.file}' is missing` : `'${spec.file}' has ${actual} bytes, expected ${spec.bytes}`,
        );
    }
    if (problems.length)
      throw new LunaError(Errors.ModelLoadFailed, `${problems.join("; ")} (run 'npm install' to fetch the models)`);
  }

  private async timedLoad(id: BuiltinModelId): Promise<ModelSession> {
    if (this.loadsInFlight++ === 0) this.loadingSince = performance.now();
    try {
      return await this.load(id);
    } catch (error) {
      this.onLoadEvent?.({ id, phase: "failed", loadedBytes: 0, totalBytes: null });
      throw error;
    } finally {
      if (--this.loadsInFlight === 0) this.loadingWallMs += performance.now() - this.loadingSince;
    }
  }

  private async load(id: BuiltinModelId): Promise<ModelSession> {
    const spec = MODELS[id];
    const started = performance.now();
    let bytes: Uint8Array;
    try {
      bytes = await this.source.read(spec.file, (loadedBytes, totalBytes) =>
        this.onLoadEvent?.({ id, phase: "download", loadedBytes, totalBytes }),
      );
    } catch (error) {
      throw new LunaError(
        Errors.ModelLoadFailed,
        `cannot read model file '${spec.file}' (run 'npm install' to fetch the models): ${String(error)}`,
      );
    }
    const actual = await sha256Hex(bytes);
    if (actual !== spec.sha256) {
      throw new LunaError(
        Errors.ModelLoadFailed,
        `model file '${spec.file}' has sha256 ${actual}, expected ${spec.sha256}; delete it and run 'npm install'`,
      );
    }
    this.onLoadEvent?.({ id, phase: "session", loadedBytes: bytes.length, totalBytes: bytes.length });
    const [w, h] = this.inputSize(spec);
    // The checked file, with only its input's declared size changed (onnxInputSize.ts).
    if (w !== spec.inputSize[0] || h !== spec.inputSize[1]) bytes = withInputSize(bytes, spec.inputName, w, h);
    const inner = await this.backend.createSession(bytes, {
      label: id,
      input: { name: spec.inputName, dims: [1, spec.channels === "grey" ? 1 : 3, h, w] },
    });
    this.loadTimes.set(id, performance.now() - started);
    this.onLoadEvent?.({ id, phase: "ready", loadedBytes: bytes.length, totalBytes: bytes.length });
    return new SerialSession(inner, (ms) => this.record(id, ms));
  }

  private record(id: string, ms: number): void {
    const s = this.stats.get(id) ?? { runs: 0, totalMs: 0 };
    s.runs += 1;
    s.totalMs += ms;
    this.stats.set(id, s);
  }

  /** Loads every built-in model (the models panel's "Load models", PRELOAD_MODELS=all on the server). */
  async loadAll(): Promise<void> {
    await this.require(builtinModelIds);
  }

  /** Ids of the built-in models whose sessions are ready, in manifest order. */
  loadedModelIds(): BuiltinModelId[] {
    return builtinModelIds.filter((id) => this.loadTimes.has(id));
  }

  status(): ModelStatus[] {
    return builtinModelIds.map((id) => ({
      id,
      file: MODELS[id].file,
      bytes: MODELS[id].bytes,
      sha256: MODELS[id].sha256,
      loaded: this.loadTimes.has(id),
      loadMs: this.loadTimes.get(id) ?? null,
    }));
  }

  /** Cumulative session.run statistics per model id (built-in and user models). */
  runStats(): Map<string, ModelRunStats> {
    return new Map([...this.stats].map(([k, v]) => [k, { ...v }]));
  }

  /** Registers a user-supplied classifier (e.g. a mask model) from its bytes and manifest. */
  async registerUserModel(
    given: UserClassifierManifest,
    bytes: Uint8Array,
    owner: string = LOCAL_MODEL_OWNER,
  ): Promise<UserClassifierManifest> {
    const actual = await sha256Hex(bytes);
    if (given.sha256 && actual !== given.sha256) {
      throw new LunaError(
        Errors.BadInputData,
        `model '${given.file}' has sha256 ${actual}, manifest says ${given.sha256}`,
      );
    }
    const manifest = { ...given, sha256: actual };
    let inner: ModelSession;
    try {
      inner = await this.backend.createSession(bytes);
    } catch (error) {
      throw new LunaError(Errors.BadInputData, `'${manifest.file}' is not a loadable ONNX model: ${String(error)}`);
    }
    if (!inner.inputNames.includes(manifest.inputName)) {
      await inner.dispose();
      throw new LunaError(
        Errors.BadInputData,
        `model has no input '${manifest.inputName}' (inputs: ${inner.inputNames.join(", ")})`,
      );
    }
    if (manifest.outputName && !inner.outputNames.includes(manifest.outputName)) {
      await inner.dispose();
      throw new LunaError(
        Errors.BadInputData,
        `model has no output '${manifest.outputName}' (outputs: ${inner.outputNames.join(", ")})`,
      );
    }
    const key = userModelKey(owner, manifest.kind);
    const previous = this.userModels.get(key);
    this.userModels.set(key, {
      manifest,
      session: new SerialSession(inner, (ms) => this.record(`user:${manifest.kind}`, ms)),
    });
    await previous?.session.dispose();
    return manifest;
  }

  userModel(kind: UserClassifierManifest["kind"], owner: UserModelOwner = LOCAL_MODEL_OWNER): UserModel | undefined {
    return owner === null ? undefined : this.userModels.get(userModelKey(owner, kind));
  }

  userModelManifests(owner: UserModelOwner = LOCAL_MODEL_OWNER): UserClassifierManifest[] {
    const prefix = owner === null ? null : userModelKey(owner, "");
    return prefix === null
      ? []
      : [...this.userModels].filter(([key]) => key.startsWith(prefix)).map(([, m]) => m.manifest);
  }

  async removeUserModel(kind: UserClassifierManifest["kind"], owner: string = LOCAL_MODEL_OWNER): Promise<boolean> {
    const key = userModelKey(owner, kind);
    const model = this.userModels.get(key);
    if (!model) return false;
    this.userModels.delete(key);
    await model.session.dispose();
    return true;
  }

  async dispose(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const pending of all) await (await pending.catch(() => null))?.dispose();
    for (const m of this.userModels.values()) await m.session.dispose();
    this.userModels.clear();
  }
}
