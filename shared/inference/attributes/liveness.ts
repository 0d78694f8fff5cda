/**
 * Liveness (MiniFASNet family): softmax of 3 logits; class 0 is the live-face probability
 * (the vendor demo reports spoof when it is below 0.3).
 */
import { requireOutput, softmax } from "../backend.ts";
import { imageToTensor, resizeRegion, type Rect, type RgbImage } from "../image.ts";
import { MODELS } from "../models.ts";
import type { ModelRegistry } from "../modelRegistry.ts";
import { livenessCrop } from "./faceCrops.ts";

export const LIVENESS_REAL_THRESHOLD = 0.5;
export const LIVENESS_SPOOF_THRESHOLD = 0.3;

export interface Liveness {
  prediction: "real" | "spoof" | "unknown";
  /** `quality` would need a liveness-quality model, which we do not have: it is null, never made up. */
  estimations: { score: number; quality: null };
}

export async function estimateLiveness(models: ModelRegistry, image: RgbImage, box: Rect): Promise<Liveness> {
  const spec = MODELS.liveness;
  const [w, h] = spec.inputSize;
  const input = resizeRegion(image, livenessCrop(box, image.width, image.height), w, h);
  const session = await models.session("liveness");
  const out = await session.run({ [spec.inputName]: { data: imageToTensor(input, spec), dims: [1, 3, h, w] } });
  const score = softmax(requireOutput(out, "output").data)[0]!;
  // Between the two thresholds the model is not confident either way.
  const prediction = score >= LIVENESS_REAL_THRESHOLD ? "real" : score < LIVENESS_SPOOF_THRESHOLD ? "spoof" : "unknown";
  return { prediction, estimations: { score, quality: null } };
}
