/** Messages between the page and the inference worker. */
import type { SdkFlags } from "../../shared/luna/schemas/sdk.ts";
import type { EstimateResult } from "../../shared/inference/pipeline.ts";

export type BrowserTarget = "browser-wasm" | "browser-webgpu";

export type InferenceRequest = {
  kind: "estimate";
  id: number;
  target: BrowserTarget;
  images: { filename: string; body: Uint8Array }[];
  flags: SdkFlags;
};

export type InferenceResponse =
  | { kind: "result"; id: number; result: EstimateResult; backend: "webgpu" | "wasm"; fallbackReason: string | null; loadMs: number }
  | { kind: "error"; id: number; message: string; body: unknown };
