/**
 * InferenceBackend on onnxruntime-web: WebGPU when an adapter is really obtained (not merely when
 * `navigator.gpu` exists), otherwise WASM — and it says which one runs, and why it fell back.
 * The ORT module is passed in (loaded by a dynamic import in the worker: docs/stack.md explains why a
 * static import breaks production builds); Node tests pass the same package.
 */
import type * as OrtWeb from "onnxruntime-web";
import type { InferenceBackend, ModelAbout, ModelSession, Tensor } from "../../shared/inference/backend.ts";

export type WebBackendKind = "webgpu" | "wasm";

/**
 * A faster choice for WASM, not the default: the emotion model at 192 px instead of 224 is 0.73× its
 * compute, and its predominant emotion agreed with the 224 px one on 34 of the 36 test faces
 * (docs/inference.md, "Browser full pass"). The scores then differ from the server's, so the same
 * lambda would no longer give the same reply on every target; callers opt in with `modelInputSizes`.
 */
export const FAST_WASM_INPUT_SIZES: Readonly<Record<string, readonly [number, number]>> = { emotions: [192, 192] };

export interface OrtWebBackend extends InferenceBackend {
  readonly kind: WebBackendKind;
  /** Why WebGPU was not used, when it was asked for and not used. */
  readonly fallbackReason: string | null;
  /** Models moved to WASM after a WebGPU kernel failed at run time (with the error), when WebGPU runs. */
  readonly wasmFallbacks: string[];
}

/**
 * Every call into ORT's one wasm module — create, run, output download, release — one at a time.
 * Runs of two sessions that overlap across awaits corrupt the module's memory: a lambda's
 * `asyncio.gather` over two images failed with "OrtRun(): output name cannot be empty"
 * (the same error as transformers.js#1234). Per-session queues (SerialSession) do not prevent it.
 */
type ModuleQueue = <T>(work: () => Promise<T>) => Promise<T>;

function moduleQueue(): ModuleQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const next = tail.then(work);
    tail = next.catch(() => undefined);
    return next;
  };
}

class OrtWebSession implements ModelSession {
  constructor(
    private readonly ort: typeof OrtWeb,
    private readonly exclusive: ModuleQueue,
    private session: OrtWeb.InferenceSession,
    /** Builds the same model on WASM; null on WASM or once used. */
    private wasmFallback: (() => Promise<OrtWeb.InferenceSession>) | null = null,
    private readonly onFallback: (reason: string) => void = () => undefined,
  ) {}

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  async run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
    try {
      return await this.runOnce(feeds);
    } catch (error) {
      if (!this.wasmFallback) throw error;
      // Some WebGPU kernels fail at run time on models WASM runs (e.g. the detector's prior-box Mul
      // under SwiftShader): that model moves to WASM, once, and the backend reports it.
      const wasm = await this.wasmFallback();
      this.wasmFallback = null;
      this.onFallback(error instanceof Error ? error.message : String(error));
      const failed = this.session;
      await this.exclusive(() => failed.release()).catch(() => undefined);
      this.session = wasm;
      return this.runOnce(feeds);
    }
  }

  private runOnce(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
    const session = this.session;
    return this.exclusive(async () => {
      const ortFeeds: Record<string, OrtWeb.Tensor> = {};
      for (const [name, t] of Object.entries(feeds))
        ortFeeds[name] = new this.ort.Tensor("float32", t.data, [...t.dims]);
      const outputs = await session.run(ortFeeds);
      const result: Record<string, Tensor> = {};
      for (const [name, t] of Object.entries(outputs)) {
        // WebGPU outputs may live on the GPU: getData() downloads them.
        const data = (await t.getData()) as Float32Array;
        result[name] = { data, dims: t.dims };
      }
      return result;
    });
  }

  async dispose(): Promise<void> {
    const session = this.session;
    await this.exclusive(() => session.release());
  }
}

/** True only when a WebGPU adapter is actually handed out. */
export async function webGpuAdapterAvailable(): Promise<{ ok: boolean; reason: string | null }> {
  const gpu = (globalThis.navigator as (Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }) | undefined)?.gpu;
  if (!gpu) return { ok: false, reason: "navigator.gpu is not available in this browser" };
  try {
    const adapter = await gpu.requestAdapter();
    return adapter ? { ok: true, reason: null } : { ok: false, reason: "no WebGPU adapter was granted" };
  } catch (error) {
    return { ok: false, reason: `requesting a WebGPU adapter failed: ${(error as Error).message}` };
  }
}

export async function createOrtWebBackend(
  ort: typeof OrtWeb,
  options: {
    preferWebGpu: boolean;
    threads?: number;
    /** Model input sizes other than the manifest's (InferenceBackend.modelInputSizes), e.g. FAST_WASM_INPUT_SIZES; default none. */
    modelInputSizes?: Readonly<Record<string, readonly [number, number]>>;
  },
): Promise<OrtWebBackend> {
  let kind: WebBackendKind = "wasm";
  let fallbackReason: string | null = null;
  if (options.preferWebGpu) {
    const probe = await webGpuAdapterAvailable();
    if (probe.ok) kind = "webgpu";
    else fallbackReason = probe.reason;
  }
  // Multi-threaded WASM needs cross-origin isolation; without it ORT would silently use one thread.
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  ort.env.wasm.numThreads =
    options.threads ?? (isolated ? Math.min(4, globalThis.navigator?.hardwareConcurrency ?? 1) : 1);
  const wasmFallbacks: string[] = [];
  const exclusive = moduleQueue();
  let checks: Promise<unknown> = Promise.resolve();
  /**
   * WebGPU kernels can be wrong, not only fail (under SwiftShader one built-in model's scores came
   * out different from WASM's and the server's). So each model's WebGPU session is checked once
   * against WASM on the same deterministic input; a model that disagrees runs on WASM, reported.
   */
  async function checkedOnWebGpu(model: Uint8Array, about: ModelAbout): Promise<OrtWeb.InferenceSession> {
    const label = about.label;
    // Every step through `exclusive`: both EPs share the one wasm module (moduleQueue).
    const gpu = await create(model, "webgpu");
    let wasm: OrtWeb.InferenceSession | null = null;
    try {
      const dims = [...about.input.dims];
      const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
      for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 12.9898) * 0.5; // deterministic, in the normalised pixel range
      const feeds = { [about.input.name]: new ort.Tensor("float32", data, dims) };
      const a = await exclusive(() => gpu.run(feeds));
      const onWasm = await create(model, "wasm");
      wasm = onWasm;
      const b = await exclusive(() => onWasm.run(feeds));
      let worst = 0;
      for (const name of onWasm.outputNames) {
        const x = (await exclusive(() => a[name]!.getData())) as Float32Array;
        const y = (await b[name]!.getData()) as Float32Array;
        const scale = Math.max(1e-6, ...Array.from(y, Math.abs));
        for (let i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!) / scale);
      }
      if (worst <= 1e-3) {
        await exclusive(() => onWasm.release());
        return gpu;
      }
      wasmFallbacks.push(`${label}: WebGPU output differs from WASM (relative ${worst.toExponential(1)})`);
    } catch (error) {
      wasmFallbacks.push(
        `${label}: WebGPU run failed (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`,
      );
    }
    await exclusive(() => gpu.release());
    return wasm ?? create(model, "wasm");
  }
  const create = (model: Uint8Array, on: WebBackendKind) =>
    exclusive(() =>
      ort.InferenceSession.create(model, {
        // NCHW, the models' own layout: the JS EP's default NHWC rewrite is where WebGPU kernels have
        // failed or drifted on such models (onnxruntime#22994).
        executionProviders: [on === "webgpu" ? { name: "webgpu", preferredLayout: "NCHW" } : "wasm"],
        logSeverityLevel: 3,
        graphOptimizationLevel: "all",
      }),
    );
  return {
    name: `onnxruntime-web/${kind}`,
    kind,
    modelInputSizes: options.modelInputSizes ?? {},
    fallbackReason,
    wasmFallbacks,
    async createSession(model: Uint8Array, about?: ModelAbout): Promise<ModelSession> {
      if (kind === "wasm") return new OrtWebSession(ort, exclusive, await create(model, "wasm"));
      const label = about?.label ?? "model";
      // Without a known input shape (user models) the model runs on WebGPU unchecked.
      // Checks run one at a time, even when the registry loads models in parallel (see checkedOnWebGpu).
      const check = checks.then(() => (about ? checkedOnWebGpu(model, about) : create(model, "webgpu")));
      checks = check.catch(() => undefined);
      const session = await check;
      return new OrtWebSession(
        ort,
        exclusive,
        session,
        () => create(model, "wasm"),
        (reason) => wasmFallbacks.push(`${label}: ${reason}`),
      );
    },
  };
}
