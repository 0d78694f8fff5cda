/** Head pose (Hopenet-lite): 66 bins of 3° per angle; angle = E[bin] × 3 − 99 degrees. */
import { requireOutput, softmax } from "../backend.ts";
import type { Rect, RgbImage } from "../image.ts";
import type { ModelRegistry } from "../modelRegistry.ts";
import { runOnRegion } from "../runOnRegion.ts";
import { headPoseCrop } from "./faceCrops.ts";

export interface HeadPose {
  yaw: number;
  pitch: number;
  roll: number;
}

function binsToDegrees(logits: Float32Array): number {
  const p = softmax(logits);
  let expectation = 0;
  for (let i = 0; i < p.length; i++) expectation += p[i]! * i;
  return expectation * 3 - 99;
}

export async function estimateHeadPose(models: ModelRegistry, image: RgbImage, box: Rect): Promise<HeadPose> {
  const out = await runOnRegion(models, "headPose", image, headPoseCrop(box));
  return {
    yaw: binsToDegrees(requireOutput(out, "output").data),
    pitch: binsToDegrees(requireOutput(out, "617").data),
    roll: binsToDegrees(requireOutput(out, "618").data),
  };
}
