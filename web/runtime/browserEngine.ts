/**
 * The inference core for one browser target, with no model loaded: each estimate loads only the
 * models its flags need (docs/inference.md, "Lazy models"). The inference worker builds its engines
 * here, and so does the first-result bench (bench/firstResult.ts).
 */
import type * as OrtWeb from "onnxruntime-web";
import { ModelRegistry, type ModelLoadEvent, type ModelSource } from "../../shared/inference/modelRegistry.ts";
import { DEFAULT_PIPELINE_OPTIONS, FacePipeline } from "../../shared/inference/pipeline.ts";
import { createCanvasCodec } from "./canvasCodec.ts";
import type { BrowserTarget } from "./inferenceProtocol.ts";
import { createOrtWebBackend, FAST_WASM_INPUT_SIZES, type OrtWebBackend } from "./ortWeb.ts";

/**
 * ORT's build for the target, by a dynamic import (its own chunk: stack.md). The WASM target needs
 * only the WASM build (a 14 MB .wasm); WebGPU needs the JSEP build (28 MB: WebGPU and WASM kernels).
 */
export function importOrt(target: BrowserTarget): Promise<typeof OrtWeb> {
  return target === "browser-webgpu" ? import("onnxruntime-web") : import("onnxruntime-web/wasm");
}

export interface BrowserEngine {
  pipeline: FacePipeline;
  backend: OrtWebBackend;
}

export async function createBrowserEngine(
  target: BrowserTarget,
  source: ModelSource,
  onLoadEvent?: (event: ModelLoadEvent) => void,
  /** The user's choice (the Models tab): on WASM the emotion model at 192 px, faster, scores unlike the server's. */
  fastWasmEmotions = false,
): Promise<BrowserEngine> {
  const ort = await importOrt(target);
  const backend = await createOrtWebBackend(ort, {
    preferWebGpu: target === "browser-webgpu",
    // Only where WASM runs: a WebGPU engine that fell back to WASM keeps the server's sizes.
    modelInputSizes: fastWasmEmotions && target === "browser-wasm" ? FAST_WASM_INPUT_SIZES : {},
  });
  const models = new ModelRegistry(backend, source, onLoadEvent);
  return { pipeline: new FacePipeline(models, createCanvasCodec(), DEFAULT_PIPELINE_OPTIONS), backend };
}
