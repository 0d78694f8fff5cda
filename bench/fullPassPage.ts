/**
 * The page side of the browser full-pass bench (fullPass.ts): the browser pipeline built from the
 * modules an outside benchmark uses (ModelRegistry, FacePipeline.estimate, defaultSdkFlags,
 * createOrtWebBackend, createCachedModelSource, createCanvasCodec), WASM with 2 threads, once per
 * emotion input size (0: the same pass without emotions), models loaded first; the variants' runs
 * alternate.
 */
import * as ort from "onnxruntime-web/wasm";
import { ModelRegistry } from "../shared/inference/modelRegistry.ts";
import { DEFAULT_PIPELINE_OPTIONS, FacePipeline } from "../shared/inference/pipeline.ts";
import { defaultSdkFlags } from "../shared/luna/schemas/sdk.ts";
import { createCachedModelSource } from "../web/runtime/cachedModelSource.ts";
import { createCanvasCodec } from "../web/runtime/canvasCodec.ts";
import { createOrtWebBackend } from "../web/runtime/ortWeb.ts";

export interface FullPassResult {
  size: number;
  totals: number[];
  stages: Record<string, number[]>;
  predominant: string[];
  threads: number;
}

const FLAGS = {
  ...defaultSdkFlags,
  estimateLandmarks68: true,
  estimateFaceDescriptor: true,
  estimateBasicAttributes: true,
  estimateEmotions: true,
};

async function fullPass(sizes: number[], photos: string[], runs: number): Promise<FullPassResult[]> {
  const source = createCachedModelSource("/models");
  const variants = [];
  for (const size of sizes) {
    const backend = await createOrtWebBackend(ort as never, {
      preferWebGpu: false,
      threads: 2,
      modelInputSizes: size ? { emotions: [size, size] } : {},
    });
    const models = new ModelRegistry(backend, source);
    await models.require(["detect", "landmarks", "descriptor", "age", "gender", "emotions"]);
    const pipeline = new FacePipeline(models, createCanvasCodec(), DEFAULT_PIPELINE_OPTIONS);
    variants.push({
      size,
      pipeline,
      flags: size ? FLAGS : { ...FLAGS, estimateEmotions: false },
      result: { size, totals: [], stages: {}, predominant: [], threads: 2 } as FullPassResult,
    });
  }
  const bodies = await Promise.all(
    photos.map(async (p) => new Uint8Array(await (await fetch(`/photos/${p}`)).arrayBuffer())),
  );
  for (const v of variants)
    for (let i = 0; i < 2; i++) await v.pipeline.estimate([{ filename: photos[0]!, body: bodies[0]! }], v.flags);
  for (let r = 0; r < runs; r++) {
    const order = r % 2 ? [...variants].reverse() : variants;
    for (const v of order) {
      const i = r % bodies.length;
      const started = performance.now();
      const out = await v.pipeline.estimate([{ filename: photos[i]!, body: bodies[i]! }], v.flags);
      v.result.totals.push(performance.now() - started);
      for (const [k, t] of Object.entries(out.timings)) {
        v.result.stages[k] ??= [];
        v.result.stages[k].push(t);
      }
      for (const e of out.reply.images_estimations[0]!.estimations)
        v.result.predominant.push(e.face.detection.attributes.emotions?.predominant_emotion ?? "none");
    }
  }
  for (const v of variants) v.result.threads = ort.env.wasm.numThreads ?? 1;
  return variants.map((v) => v.result);
}

(globalThis as { fullPass?: typeof fullPass }).fullPass = fullPass;
