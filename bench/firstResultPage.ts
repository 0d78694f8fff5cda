/**
 * The page side of the first-result bench (firstResult.ts): builds the browser pipeline from the
 * modules an outside benchmark uses (ModelRegistry, FacePipeline, createOrtWebBackend,
 * createCachedModelSource, createCanvasCodec) and times one descriptor-only estimate from nothing
 * loaded. "eager" is how the inference worker started before models were lazy (the default ORT
 * build, every model loaded first); "lazy" is what it does now (browserEngine.ts).
 */
import { ModelRegistry } from "../shared/inference/modelRegistry.ts";
import { DEFAULT_PIPELINE_OPTIONS, FacePipeline } from "../shared/inference/pipeline.ts";
import { defaultSdkFlags } from "../shared/luna/schemas/sdk.ts";
import { createBrowserEngine } from "../web/runtime/browserEngine.ts";
import { createCachedModelSource } from "../web/runtime/cachedModelSource.ts";
import { createCanvasCodec } from "../web/runtime/canvasCodec.ts";
import { createOrtWebBackend } from "../web/runtime/ortWeb.ts";

export interface FirstResult {
  mode: "eager" | "lazy";
  /** From the start (nothing imported, nothing cached) to the estimate's reply. */
  totalMs: number;
  /** Of which: ORT import and backend; model loading wall time (ORT's WASM compile happens at the first session); the rest (photo, decode, inference). */
  phases: { ortMs: number; modelsMs: number; estimateMs: number };
  /** The estimate's own stage timings (decode, detect, landmarks, warp, descriptor). */
  stages: Record<string, number>;
  loadedModels: string[];
  modelBytes: number;
  faces: number;
  descriptorBytes: number;
  threads: number;
}

async function firstResult(mode: FirstResult["mode"], photoUrl: string): Promise<FirstResult> {
  const started = performance.now();
  const source = createCachedModelSource("/models");
  const flags = { ...defaultSdkFlags, estimateFaceDescriptor: true };
  let pipeline: FacePipeline;
  let ortDone: number;
  if (mode === "eager") {
    const ort = await import("onnxruntime-web");
    const backend = await createOrtWebBackend(ort, { preferWebGpu: false });
    ortDone = performance.now();
    const models = new ModelRegistry(backend, source);
    await models.loadAll();
    pipeline = new FacePipeline(models, createCanvasCodec(), DEFAULT_PIPELINE_OPTIONS);
  } else {
    pipeline = (await createBrowserEngine("browser-wasm", source)).pipeline;
    ortDone = performance.now();
  }
  const body = new Uint8Array(await (await fetch(photoUrl)).arrayBuffer());
  // Lazy: the estimate loads what the flags need, side by side, while it decodes the photo.
  const result = await pipeline.estimate([{ filename: "photo.jpg", body }], flags);
  const totalMs = performance.now() - started;
  const modelsMs = pipeline.models.loadWallMs();
  const faces = result.reply.images_estimations[0]!.estimations;
  const status = pipeline.models.status();
  // The build this mode ran on (already imported: no cost), for its thread count.
  const ort = mode === "eager" ? await import("onnxruntime-web") : await import("onnxruntime-web/wasm");
  return {
    mode,
    totalMs,
    phases: { ortMs: ortDone - started, modelsMs, estimateMs: totalMs - (ortDone - started) - modelsMs },
    stages: Object.fromEntries(
      Object.entries(result.timings)
        .filter(([, v]) => v > 0)
        .map(([k, v]) => [k, Math.round(v)]),
    ),
    loadedModels: pipeline.models.loadedModelIds(),
    modelBytes: status.filter((m) => m.loaded).reduce((sum, m) => sum + m.bytes, 0),
    faces: faces.length,
    descriptorBytes: faces[0]?.face.detection.attributes.descriptor?.sdk_descriptor.length ?? 0,
    threads: ort.env.wasm.numThreads ?? 1,
  };
}

(globalThis as { firstResult?: typeof firstResult }).firstResult = firstResult;
