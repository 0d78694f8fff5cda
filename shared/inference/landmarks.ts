/**
 * 68-point landmarks (iBUG-300W order) from a grey 64×64 square crop around the face box, and the
 * 5 Luna/ArcFace points derived from them.
 */
import { requireOutput } from "./backend.ts";
import { meanPoint, type Point } from "./geometry.ts";
import { squareAround, type Rect, type RgbImage } from "./image.ts";
import type { ModelSpec } from "./modelSpec.ts";
import type { ModelRegistry } from "./modelRegistry.ts";
import { runOnRegion } from "./runOnRegion.ts";

export const LANDMARKS_MODEL = {
  id: "landmarks",
  file: "fr_landmark.onnx",
  sha256: "f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258",
  bytes: 1163742,
  inputName: "input",
  inputSize: [64, 64],
  channels: "grey",
  normalisation: { scale: 256, mean: [0], std: [1] },
  description: "68-point landmark regressor (iBUG-300W order)",
} as const satisfies ModelSpec;

export type Landmarks68 = [number, number][];
export type Landmarks5 = [Point, Point, Point, Point, Point];

/** The landmark crop: a square of side = box height centred on the box (as the model was trained). */
export function landmarkCrop(box: Rect): Rect {
  return squareAround(box, 1, "height");
}

export async function estimateLandmarks68(models: ModelRegistry, image: RgbImage, box: Rect): Promise<Landmarks68> {
  const crop = landmarkCrop(box);
  const out = await runOnRegion(models, LANDMARKS_MODEL, image, crop);
  const values = requireOutput(out, "output").data;
  if (values.length !== 136) throw new Error(`landmark model returned ${values.length} values, expected 136`);
  const points: Landmarks68 = [];
  for (let i = 0; i < 68; i++) {
    points.push([crop.x + values[i * 2]! * crop.width, crop.y + values[i * 2 + 1]! * crop.height]);
  }
  return points;
}

/**
 * Five points in ArcFace order: image-left eye centre, image-right eye centre, nose tip,
 * image-left mouth corner, image-right mouth corner (0-based iBUG indices 36–41, 42–47, 30, 48, 54).
 */
export function landmarks5From68(p: Landmarks68): Landmarks5 {
  return [meanPoint(p.slice(36, 42)), meanPoint(p.slice(42, 48)), p[30]!, p[48]!, p[54]!];
}
