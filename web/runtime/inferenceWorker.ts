/// <reference lib="webworker" />
/**
 * The inference core in a Web Worker, so the page stays responsive: onnxruntime-web is loaded by
 * a dynamic import (its own chunk), models come from /models through Cache Storage.
 */
import { ModelRegistry } from "../../shared/inference/modelRegistry.ts";
import { DEFAULT_PIPELINE_OPTIONS, FacePipeline } from "../../shared/inference/pipeline.ts";
import { LunaError } from "../../shared/luna/errors.ts";
import { createCachedModelSource } from "./cachedModelSource.ts";
import { createCanvasCodec } from "./canvasCodec.ts";
import type { BrowserTarget, InferenceRequest, InferenceResponse } from "./inferenceProtocol.ts";
import { createOrtWebBackend, type OrtWebBackend } from "./ortWeb.ts";

declare const self: DedicatedWorkerGlobalScope;

interface Engine {
  target: BrowserTarget;
  pipeline: FacePipeline;
  backend: OrtWebBackend;
  loadMs: number;
}

let engine: Promise<Engine> | null = null;

async function engineFor(target: BrowserTarget): Promise<Engine> {
  const current = await engine?.catch(() => null);
  if (current && current.target === target) return current;
  await current?.pipeline.models.dispose();
  engine = (async () => {
    const started = performance.now();
    const ort = await import("onnxruntime-web");
    const backend = await createOrtWebBackend(ort, { preferWebGpu: target === "browser-webgpu" });
    const models = new ModelRegistry(backend, createCachedModelSource());
    await models.loadAll();
    return { target, pipeline: new FacePipeline(models, createCanvasCodec(), DEFAULT_PIPELINE_OPTIONS), backend, loadMs: performance.now() - started };
  })();
  return engine;
}

self.onmessage = async (event: MessageEvent<InferenceRequest>) => {
  const request = event.data;
  if (request.kind !== "estimate") return;
  let response: InferenceResponse;
  try {
    const fresh = engine === null || (await engine.catch(() => null))?.target !== request.target;
    const { pipeline, backend, loadMs } = await engineFor(request.target);
    const result = await pipeline.estimate(request.images, request.flags);
    response = { kind: "result", id: request.id, result, backend: backend.kind, fallbackReason: backend.fallbackReason, loadMs: fresh ? loadMs : 0 };
  } catch (error) {
    const body = error instanceof LunaError ? error.toBody() : null;
    response = { kind: "error", id: request.id, message: error instanceof Error ? error.message : String(error), body };
  }
  self.postMessage(response);
};
