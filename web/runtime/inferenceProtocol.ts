/** Messages between the page and the inference worker. */
import type { SdkFlags } from "../../shared/luna/schemas/sdk.ts";
import type { EstimateResult } from "../../shared/inference/pipeline.ts";
import type { ModelLoadEvent, ModelStatus } from "../../shared/inference/modelRegistry.ts";
import type { UserClassifierManifest } from "../../shared/inference/models.ts";

export type BrowserTarget = "browser-wasm" | "browser-webgpu";

export type InferenceRequest =
  | {
      kind: "estimate";
      id: number;
      target: BrowserTarget;
      images: { filename: string; body: Uint8Array }[];
      flags: SdkFlags;
    }
  /** The target's engine and its models' state; `all` loads every model first (the models panel). */
  | { kind: "load"; id: number; target: BrowserTarget; models: "all" | "none" }
  /** The project's mask classifier (manifest JSON + ONNX bytes), registered with every engine; null removes it. */
  | { kind: "setUserModel"; id: number; model: { manifest: unknown; bytes: Uint8Array } | null }
  /** Browser · WASM runs the emotion model at 192 px (FAST_WASM_INPUT_SIZES) from its next engine on. */
  | { kind: "setFastWasmEmotions"; id: number; on: boolean }
  | {
      /** A lambda worker's line to the core (see lambdaProtocol.ts); lambdaFiles hold its models/ (mask.onnx + mask.json). */
      kind: "connect";
      target: BrowserTarget;
      port: MessagePort;
      lambdaFiles: Record<string, Uint8Array>;
    };

export interface EngineInfo {
  backend: "webgpu" | "wasm";
  /** Why WebGPU was asked for but not used (no adapter, failed session…). */
  fallbackReason: string | null;
  /** WebGPU runs, but these models moved to WASM after a kernel failed (the errors). */
  wasmFallbacks: string[];
  /** Engine start and model loading (download + session creation) since the last reply that reported it, in ms. */
  loadMs: number;
  models: (ModelStatus & { cached: boolean })[];
  userModels: UserClassifierManifest[];
  /** Built-in models this engine runs at another input size than their manifest's (width, height). */
  modelInputSizes: Record<string, readonly [number, number]>;
}

export type InferenceResponse =
  | ({ kind: "result"; id: number; result: EstimateResult } & EngineInfo)
  | ({ kind: "loaded"; id: number } & EngineInfo)
  | { kind: "userModelSet"; id: number }
  | { kind: "fastWasmEmotionsSet"; id: number }
  | { kind: "error"; id: number; message: string; body: unknown }
  | { kind: "progress"; event: ModelLoadEvent };
