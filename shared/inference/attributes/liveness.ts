/**
 * Liveness (MiniFASNet family): softmax of 3 logits; class 0 is the live-face probability
 * (the vendor demo reports spoof when it is below 0.3).
 */
import { z } from "zod";
import { unitIntervalSchema } from "../../luna/schemas/common.ts";
import { requireOutput, softmax } from "../backend.ts";
import { defineEstimator, type Crop, type FaceInput } from "../estimator.ts";
import { growInside, type Rect } from "../image.ts";
import type { ModelSpec } from "../modelSpec.ts";
import { runOnRegion } from "../runOnRegion.ts";

export const LIVENESS_MODEL = {
  id: "liveness",
  file: "fr_liveness.onnx",
  sha256: "afa783b7e902fdfcf323a7240cac2a1c580c25314ea4161129dc1b0d100dc32d",
  bytes: 1886811,
  inputName: "input",
  inputSize: [128, 128],
  channels: "rgb",
  normalisation: { scale: 1, mean: [0, 0, 0], std: [1, 1, 1] },
  description: "MiniFASNet-family liveness (3 logits)",
} as const satisfies ModelSpec;

export type LivenessPrediction = "real" | "spoof" | "unknown";

export const LIVENESS_REAL_THRESHOLD = 0.5;
export const LIVENESS_SPOOF_THRESHOLD = 0.3;

/** Liveness needs context around the face: the box grown ×2.7, slid inside the image. */
export function livenessCrop(box: Rect, imgW: number, imgH: number): Rect {
  return growInside(box, 2.7, imgW, imgH);
}

const crop = (face: FaceInput): Crop[] => [
  { source: "image", region: livenessCrop(face.box, face.image.width, face.image.height) },
];

export const livenessEstimator = defineEstimator({
  flag: "estimate_liveness",
  replyKey: "liveness",
  stage: "liveness",
  timingGroup: "attributes",
  models: [LIVENESS_MODEL],
  needs: [],
  crop,
  reply: z.object({
    prediction: z.enum(["real", "spoof", "unknown"]),
    // `quality` would need a liveness-quality model, which we do not have: it is null, never made up.
    estimations: z.object({ score: unitIntervalSchema, quality: unitIntervalSchema.nullable() }),
  }),
  summary: "liveness: score (live-face probability) and prediction real / spoof / unknown",
  async estimate(face) {
    const out = await runOnRegion(
      face.models,
      LIVENESS_MODEL,
      face.image,
      livenessCrop(face.box, face.image.width, face.image.height),
    );
    const score = softmax(requireOutput(out, "output").data)[0]!;
    // Between the two thresholds the model is not confident either way.
    const prediction: LivenessPrediction =
      score >= LIVENESS_REAL_THRESHOLD ? "real" : score < LIVENESS_SPOOF_THRESHOLD ? "spoof" : "unknown";
    return { prediction, estimations: { score, quality: null } };
  },
});
