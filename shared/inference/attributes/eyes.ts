/**
 * Eye state from two 24×24 grey patches centred on each eye (mean of the 4 eyelid landmarks), side
 * 1.6 × the eye's corner-to-corner width. The model answers [closed, open]; it has no "occluded".
 */
import { z } from "zod";
import { requireOutput, softmax } from "../backend.ts";
import { defineEstimator, type Crop, type FaceInput } from "../estimator.ts";
import { meanPoint } from "../geometry.ts";
import type { Rect, RgbImage } from "../image.ts";
import type { Landmarks68 } from "../landmarks.ts";
import type { ModelRegistry } from "../modelRegistry.ts";
import type { ModelSpec } from "../modelSpec.ts";
import { runOnRegion } from "../runOnRegion.ts";
import { requirePrerequisite } from "./prerequisites.ts";

export const EYES_MODEL = {
  id: "eyes",
  file: "fr_eye.onnx",
  sha256: "1afcea006abc1ccac3c517022abde0aa092bed74ff3c9fe6878483ef9e6e38de",
  bytes: 207130,
  inputName: "input",
  inputSize: [24, 24],
  channels: "grey",
  normalisation: { scale: 255, mean: [0], std: [1] },
  description: "eye state classifier [closed, open]",
} as const satisfies ModelSpec;

export type EyeState = "open" | "closed";

/** Returns the patch of one eye; `first` is the 0-based index of its outer/inner corner run. */
export function eyePatch(points: Landmarks68, first: 36 | 42): Rect {
  const lids = [points[first + 1]!, points[first + 2]!, points[first + 4]!, points[first + 5]!];
  const [cx, cy] = meanPoint(lids);
  const side = Math.max(2, (points[first + 3]![0] - points[first]![0]) * 1.6);
  return { x: cx - side / 2, y: cy - side / 2, width: side, height: side };
}

/** Luna's left_eye is the subject's left eye, which appears on the image's right (iBUG 42–47): that one first. */
function crop(face: FaceInput): Crop[] {
  const points = requirePrerequisite(face, "landmarks68");
  return [eyePatch(points, 42), eyePatch(points, 36)].map((region) => ({ source: "image", region }));
}

async function eyeOpenProbability(models: ModelRegistry, image: RgbImage, patch: Rect): Promise<number> {
  const out = await runOnRegion(models, EYES_MODEL, image, patch);
  return softmax(requireOutput(out, "output").data)[1]!;
}

const eyeSchema = z.object({ state: z.enum(["open", "closed", "occluded"]) });
const state = (p: number): EyeState => (p >= 0.5 ? "open" : "closed");

export const eyesEstimator = defineEstimator({
  flag: "estimate_eyes_attributes",
  replyKey: "eyes_attributes",
  stage: "eyes",
  timingGroup: "attributes",
  models: [EYES_MODEL],
  needs: ["landmarks68"],
  crop,
  reply: z.object({ left_eye: eyeSchema, right_eye: eyeSchema }),
  summary: "eyes: left_eye / right_eye state open or closed (the subject's left and right)",
  async estimate(face) {
    const [subjectLeft, subjectRight] = crop(face) as [Crop, Crop];
    const left = await eyeOpenProbability(face.models, face.image, subjectLeft.region);
    const right = await eyeOpenProbability(face.models, face.image, subjectRight.region);
    return { left_eye: { state: state(left) }, right_eye: { state: state(right) } };
  },
});
