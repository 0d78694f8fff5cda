/** Head pose (Hopenet-lite): 66 bins of 3° per angle; angle = E[bin] × 3 − 99 degrees. */
import { requireOutput, softmax } from "../backend.ts";
import { imageToTensor, resizeRegion, type Rect, type RgbImage } from "../image.ts";
import { MODELS } from "../models.ts";
import type { ModelRegistry } from "../modelRegistry.ts";
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
  const spec = MODELS.headPose;
  const [w, h] = spec.inputSize;
  const input = resizeRegion(image, headPoseCrop(box), w, h);
  const session = await models.session("headPose");
  const out = await session.run({ [spec.inputName]: { data: imageToTensor(input, spec), dims: [1, 3, h, w] } });
  return {
    yaw: binsToDegrees(requireOutput(out, "output").data),
    pitch: binsToDegrees(requireOutput(out, "617").data),
    roll: binsToDegrees(requireOutput(out, "618").data),
  };
}
