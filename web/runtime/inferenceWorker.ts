/// <reference lib="webworker" />
/**
 * The inference core in a Web Worker, so the page stays responsive: onnxruntime-web is loaded by
 * a dynamic import (its own chunk), models come from /models through Cache Storage, each loaded
 * when the first request needs it (or all of them for the models panel). It answers the page
 * (estimate, load) and, through MessagePorts, the lambda workers' sdk and engine calls.
 */
import type { ModelRegistry } from "../../shared/inference/modelRegistry.ts";
import { userClassifierManifestSchema } from "../../shared/inference/models.ts";
import type { FacePipeline } from "../../shared/inference/pipeline.ts";
import { answerSdkRequest } from "../../shared/inference/sdkRequest.ts";
import { EngineHost } from "../../shared/lambda/engineHost.ts";
import { LunaError } from "../../shared/luna/errors.ts";
import { parseInput } from "../../shared/luna/validate.ts";
import { createBrowserEngine } from "./browserEngine.ts";
import { createCachedModelSource } from "./cachedModelSource.ts";
import type { BrowserTarget, EngineInfo, InferenceRequest, InferenceResponse } from "./inferenceProtocol.ts";
import type { InferencePortReply, InferencePortRequest } from "./lambdaProtocol.ts";
import type { OrtWebBackend } from "./ortWeb.ts";

declare const self: DedicatedWorkerGlobalScope;
const post = (message: InferenceResponse) => self.postMessage(message);

/** The largest image count one lambda sdk call may carry (the server's default MAX_IMAGES). */
const MAX_IMAGES = 16;

interface Engine {
  target: BrowserTarget;
  /** Built with the emotion model at 192 px on WASM (setFastWasmEmotions). */
  fastWasmEmotions: boolean;
  pipeline: FacePipeline;
  backend: OrtWebBackend;
  /** Building the engine (ORT import, backend) plus model loading, in ms, not yet reported to the page. */
  unreportedMs: number;
  /** The registry's load wall time already counted into unreportedMs. */
  countedLoadMs: number;
}

const modelSource = createCachedModelSource();
let engine: Promise<Engine> | null = null;
let userModel: { manifest: unknown; bytes: Uint8Array } | null = null;
let fastWasmEmotions = false;

// The file name is the lambda's models/mask.onnx, as the engine host and the server's models API name it.
const manifestOf = (model: { manifest: unknown }) =>
  parseInput(userClassifierManifestSchema, { file: "mask.onnx", ...(model.manifest as object) }, "json");

async function applyUserModel(models: ModelRegistry): Promise<void> {
  await models.removeUserModel("mask");
  if (userModel) await models.registerUserModel(manifestOf(userModel), userModel.bytes);
}

let engineSwitch: Promise<unknown> = Promise.resolve();

/**
 * The engine of a target; no built-in model is loaded here. One call at a time, so two requests
 * that arrive as the engine changes (a new target, the fast-emotions choice) build one new engine
 * and dispose the old one once.
 */
function engineFor(target: BrowserTarget): Promise<Engine> {
  const next = engineSwitch.then(() => currentOrNewEngine(target));
  engineSwitch = next.catch(() => undefined);
  return next;
}

async function currentOrNewEngine(target: BrowserTarget): Promise<Engine> {
  const current = await engine?.catch(() => null);
  if (current && current.target === target && current.fastWasmEmotions === fastWasmEmotions) return current;
  await current?.pipeline.models.dispose();
  engine = (async () => {
    const started = performance.now();
    const fast = fastWasmEmotions;
    const { pipeline, backend } = await createBrowserEngine(
      target,
      modelSource,
      (event) => post({ kind: "progress", event }),
      fast,
    );
    await applyUserModel(pipeline.models).catch(() => undefined);
    return {
      target,
      fastWasmEmotions: fast,
      pipeline,
      backend,
      unreportedMs: performance.now() - started,
      countedLoadMs: 0,
    };
  })();
  return engine;
}

async function engineInfo(current: Engine): Promise<EngineInfo> {
  const models = current.pipeline.models;
  const loadMs = current.unreportedMs + (models.loadWallMs() - current.countedLoadMs);
  current.countedLoadMs = models.loadWallMs();
  current.unreportedMs = 0;
  const rows = await Promise.all(
    models.status().map(async (m) => ({ ...m, cached: await modelSource.cached(m.file) })),
  );
  return {
    backend: current.backend.kind,
    fallbackReason: current.backend.fallbackReason,
    wasmFallbacks: [...current.backend.wasmFallbacks],
    loadMs,
    models: rows,
    userModels: models.userModelManifests(),
    modelInputSizes: { ...current.backend.modelInputSizes },
  };
}

function errorReply(id: number, error: unknown): InferencePortReply {
  const body = error instanceof LunaError ? { ...error.toBody(), status: error.status } : null;
  return { id, kind: "error", message: error instanceof Error ? error.message : String(error), body };
}

/** Serves one lambda run's sdk and engine calls on its port. */
function serveLambda(target: BrowserTarget, port: MessagePort, lambdaFiles: Record<string, Uint8Array>): void {
  let host: EngineHost | null = null;
  port.onmessage = async (event: MessageEvent<InferencePortRequest>) => {
    const message = event.data;
    try {
      const { pipeline } = await engineFor(target);
      if (message.kind === "sdk") {
        const { result, ...reply } = await answerSdkRequest(pipeline, message.request, { maxImages: MAX_IMAGES });
        port.postMessage({
          id: message.id,
          kind: "sdk",
          reply,
          timings: result?.timings ?? null,
        } satisfies InferencePortReply);
      } else {
        host ??= new EngineHost(pipeline.models, pipeline.codec, async (path) => lambdaFiles[path] ?? null);
        port.postMessage({
          id: message.id,
          kind: "engine",
          result: await host.handle(message.operation, message.args),
        } satisfies InferencePortReply);
      }
    } catch (error) {
      port.postMessage(errorReply(message.id, error));
    }
  };
}

self.onmessage = async (event: MessageEvent<InferenceRequest>) => {
  const request = event.data;
  if (request.kind === "connect") return serveLambda(request.target, request.port, request.lambdaFiles);
  try {
    if (request.kind === "setUserModel") {
      // Kept for every engine this worker builds; applied now only where models are already loaded.
      if (request.model) manifestOf(request.model);
      userModel = request.model;
      const loaded = await engine?.catch(() => null);
      if (loaded) await applyUserModel(loaded.pipeline.models);
      return post({ kind: "userModelSet", id: request.id });
    }
    if (request.kind === "setFastWasmEmotions") {
      // The next request builds its engine with the new sizes (engineFor compares); models stay cached.
      fastWasmEmotions = request.on;
      return post({ kind: "fastWasmEmotionsSet", id: request.id });
    }
    const current = await engineFor(request.target);
    if (request.kind === "load") {
      if (request.models === "all") await current.pipeline.models.loadAll();
      return post({ kind: "loaded", id: request.id, ...(await engineInfo(current)) });
    }
    const result = await current.pipeline.estimate(request.images, request.flags);
    post({ kind: "result", id: request.id, result, ...(await engineInfo(current)) });
  } catch (error) {
    const body = error instanceof LunaError ? error.toBody() : null;
    post({ kind: "error", id: request.id, message: error instanceof Error ? error.message : String(error), body });
  }
};
