/**
 * What to tell the user when Browser · WebGPU did not (fully) run on WebGPU: one plain sentence,
 * with onnxruntime's own kernel messages kept aside as details.
 */
import type { RunTarget } from "../state/projectStore.ts";
import type { RunOutcome } from "./runProject.ts";

export interface Notice {
  testId: "webgpu-fallback" | "webgpu-partial";
  text: string;
  details: string | null;
}

/** "fr_expression: [WebGPU] Kernel … failed" → "fr_expression". */
const modelOf = (entry: string) => /^([\w.-]+)/.exec(entry)?.[1] ?? entry;

export function webgpuNotice(
  target: RunTarget,
  outcome: Pick<RunOutcome, "backend" | "fallbackReason" | "wasmFallbacks">,
): Notice | null {
  if (target === "browser-webgpu" && outcome.backend !== "webgpu")
    return {
      testId: "webgpu-fallback",
      text: "This browser gave no usable WebGPU device, so the run used WASM (the same models, on the CPU).",
      details: outcome.fallbackReason,
    };
  if (outcome.wasmFallbacks.length > 0)
    return {
      testId: "webgpu-partial",
      text: `WebGPU ran; ${outcome.wasmFallbacks.length} model(s) ran on WASM instead (${outcome.wasmFallbacks.map(modelOf).join(", ")}), because on this GPU their WebGPU kernels failed or disagreed with WASM.`,
      details: outcome.wasmFallbacks.join("\n"),
    };
  return null;
}
