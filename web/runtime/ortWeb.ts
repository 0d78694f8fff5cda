/**
 * InferenceBackend on onnxruntime-web: WebGPU when an adapter is really obtained (not merely when
 * `navigator.gpu` exists), otherwise WASM — and it says which one runs, and why it fell back.
 * The ORT module is passed in (loaded by a dynamic import in the worker: stack.md explains why a
 * static import breaks production builds); Node tests pass the same package.
 */
import type * as OrtWeb from "onnxruntime-web";
import type { InferenceBackend, ModelSession, Tensor } from "../../shared/inference/backend.ts";

export type WebBackendKind = "webgpu" | "wasm";

export interface OrtWebBackend extends InferenceBackend {
  readonly kind: WebBackendKind;
  /** Why WebGPU was not used, when it was asked for and not used. */
  readonly fallbackReason: string | null;
}

class OrtWebSession implements ModelSession {
  constructor(
    private readonly ort: typeof OrtWeb,
    private readonly session: OrtWeb.InferenceSession,
  ) {}

  get inputNames(): readonly string[] {
    return this.session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.session.outputNames;
  }

  async run(feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
    const ortFeeds: Record<string, OrtWeb.Tensor> = {};
    for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = new this.ort.Tensor("float32", t.data, [...t.dims]);
    const outputs = await this.session.run(ortFeeds);
    const result: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(outputs)) {
      // WebGPU outputs may live on the GPU: getData() downloads them.
      const data = (await t.getData()) as Float32Array;
      result[name] = { data, dims: t.dims };
    }
    return result;
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

/** True only when a WebGPU adapter is actually handed out. */
export async function webGpuAdapterAvailable(): Promise<{ ok: boolean; reason: string | null }> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } } | undefined)?.gpu;
  if (!gpu) return { ok: false, reason: "navigator.gpu is not available in this browser" };
  try {
    const adapter = await gpu.requestAdapter();
    return adapter ? { ok: true, reason: null } : { ok: false, reason: "no WebGPU adapter was granted" };
  } catch (error) {
    return { ok: false, reason: `requesting a WebGPU adapter failed: ${(error as Error).message}` };
  }
}

export async function createOrtWebBackend(ort: typeof OrtWeb, options: { preferWebGpu: boolean; threads?: number }): Promise<OrtWebBackend> {
  let kind: WebBackendKind = "wasm";
  let fallbackReason: string | null = null;
  if (options.preferWebGpu) {
    const probe = await webGpuAdapterAvailable();
    if (probe.ok) kind = "webgpu";
    else fallbackReason = probe.reason;
  }
  // Multi-threaded WASM needs cross-origin isolation; without it ORT would silently use one thread.
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  ort.env.wasm.numThreads = options.threads ?? (isolated ? Math.min(4, globalThis.navigator?.hardwareConcurrency ?? 1) : 1);
  return {
    name: `onnxruntime-web/${kind}`,
    kind,
    fallbackReason,
    async createSession(model: Uint8Array): Promise<ModelSession> {
      const session = await ort.InferenceSession.create(model, {
        executionProviders: [kind],
        logSeverityLevel: 3,
        graphOptimizationLevel: "all",
      });
      return new OrtWebSession(ort, session);
    },
  };
}
