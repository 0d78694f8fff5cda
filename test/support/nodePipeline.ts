/** The inference core on onnxruntime-node and sharp, as the server builds it. */
import { resolve } from "node:path";
import { ModelRegistry } from "../../shared/inference/modelRegistry.ts";
import { DEFAULT_PIPELINE_OPTIONS, FacePipeline } from "../../shared/inference/pipeline.ts";
import { defaultSdkFlags, type SdkFlags } from "../../shared/luna/schemas/sdk.ts";
import { createFsModelSource } from "../../server/runtime/fsModelSource.ts";
import { createOrtNodeBackend } from "../../server/runtime/ortNode.ts";
import { createSharpCodec } from "../../server/runtime/sharpCodec.ts";

export const MODELS_DIR = resolve(import.meta.dirname, "../../models");

export function createNodePipeline(): FacePipeline {
  const registry = new ModelRegistry(createOrtNodeBackend({ intraOpThreads: 1 }), createFsModelSource(MODELS_DIR));
  return new FacePipeline(registry, createSharpCodec(), DEFAULT_PIPELINE_OPTIONS);
}

export function flags(overrides: Partial<SdkFlags>): SdkFlags {
  return { ...defaultSdkFlags, ...overrides };
}
