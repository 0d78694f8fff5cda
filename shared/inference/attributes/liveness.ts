/**
 * Liveness (MiniFASNet family): softmax of 3 logits; class 0 is the live-face probability
 * (the vendor demo reports spoof when it is below 0.3).
 */
import { requireOutput, softmax } from "../backend.ts";
import type { Rect, RgbImage } from "../image.ts";
import type { ModelRegistry } from "../modelRegistry.ts";
import { runOnRegion } from "../runOnRegion.ts";
import { livenessCrop } from "./faceCrops.ts";

export const LIVENESS_REAL_THRESHOLD = 0.5;
export const LIVENESS_SPOOF_THRESHOLD = 0.3;

export interface Liveness {
  prediction: "real" | "spoof" | "unknown";
  /** `quality` would need a liveness-quality model, which we do not have: it is null, never made up. */
  estimations: { score: number; quality: null };
}

export async function estimateLiveness(models: ModelRegistry, image: RgbImage, box: Rect): Promise<Liveness> {
  const out = await runOnRegion(models, "liveness", image, livenessCrop(box, image.width, image.height));
  const score = softmax(requireOutput(out, "output").data)[0]!;
  // Between the two thresholds the model is not confident either way.
  const prediction = score >= LIVENESS_REAL_THRESHOLD ? "real" : score < LIVENESS_SPOOF_THRESHOLD ? "spoof" : "unknown";
  return { prediction, estimations: { score, quality: null } };
}
