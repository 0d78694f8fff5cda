/**
 * Eye state from two 24×24 grey patches centred on each eye (mean of the 4 eyelid landmarks), side
 * 1.6 × the eye's corner-to-corner width. The model answers [closed, open]; it has no "occluded".
 */
import { requireOutput, softmax } from "../backend.ts";
import { meanPoint } from "../geometry.ts";
import type { Rect, RgbImage } from "../image.ts";
import type { Landmarks68 } from "../landmarks.ts";
import type { ModelRegistry } from "../modelRegistry.ts";
import { runOnRegion } from "../runOnRegion.ts";

export type EyeState = "open" | "closed";

export interface EyesAttributes {
  left_eye: { state: EyeState };
  right_eye: { state: EyeState };
}

/** Returns the patch of one eye; `first` is the 0-based index of its outer/inner corner run. */
export function eyePatch(points: Landmarks68, first: 36 | 42): Rect {
  const lids = [points[first + 1]!, points[first + 2]!, points[first + 4]!, points[first + 5]!];
  const [cx, cy] = meanPoint(lids);
  const side = Math.max(2, (points[first + 3]![0] - points[first]![0]) * 1.6);
  return { x: cx - side / 2, y: cy - side / 2, width: side, height: side };
}

async function eyeOpenProbability(models: ModelRegistry, image: RgbImage, patch: Rect): Promise<number> {
  const out = await runOnRegion(models, "eyes", image, patch);
  return softmax(requireOutput(out, "output").data)[1]!;
}

/**
 * Luna's left_eye is the subject's left eye, which appears on the image's right (iBUG 42–47).
 */
export async function estimateEyes(models: ModelRegistry, image: RgbImage, points: Landmarks68): Promise<EyesAttributes> {
  const subjectLeft = await eyeOpenProbability(models, image, eyePatch(points, 42));
  const subjectRight = await eyeOpenProbability(models, image, eyePatch(points, 36));
  const state = (p: number): EyeState => (p >= 0.5 ? "open" : "closed");
  return { left_eye: { state: state(subjectLeft) }, right_eye: { state: state(subjectRight) } };
}
