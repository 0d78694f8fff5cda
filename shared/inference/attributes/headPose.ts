/** Head pose (Hopenet-lite): 66 bins of 3° per angle; angle = E[bin] × 3 − 99 degrees. */
import { z } from "zod";
import { requireOutput, softmax } from "../backend.ts";
import { defineEstimator, type Crop, type FaceInput } from "../estimator.ts";
import type { Rect } from "../image.ts";
import { IMAGENET_NORMALISATION, type ModelSpec } from "../modelSpec.ts";
import { runOnRegion } from "../runOnRegion.ts";

export const HEAD_POSE_MODEL = {
  id: "headPose",
  file: "fr_pose.onnx",
  sha256: "72d032ec941b7153bf8d3f2c03a4c165453cc7e63d479041ec7c6ef087e5839d",
  bytes: 5811723,
  inputName: "input",
  inputSize: [224, 224],
  channels: "rgb",
  normalisation: IMAGENET_NORMALISATION,
  description: "Hopenet-lite head pose (yaw, pitch, roll as 66 bins each)",
} as const satisfies ModelSpec;

/** The box grown by a quarter of its size on each side. */
export function headPoseCrop(box: Rect): Rect {
  return { x: box.x - box.width / 4, y: box.y - box.height / 4, width: box.width * 1.5, height: box.height * 1.5 };
}

const crop = (face: FaceInput): Crop[] => [{ source: "image", region: headPoseCrop(face.box) }];

function binsToDegrees(logits: Float32Array): number {
  const p = softmax(logits);
  let expectation = 0;
  for (let i = 0; i < p.length; i++) expectation += p[i]! * i;
  return expectation * 3 - 99;
}

export const headPoseEstimator = defineEstimator({
  flag: "estimate_head_pose",
  replyKey: "head_pose",
  stage: "headPose",
  timingGroup: "attributes",
  models: [HEAD_POSE_MODEL],
  needs: [],
  crop,
  reply: z.object({ yaw: z.number(), pitch: z.number(), roll: z.number() }),
  summary: "head pose: yaw, pitch, roll in degrees",
  async estimate(face) {
    const out = await runOnRegion(face.models, HEAD_POSE_MODEL, face.image, headPoseCrop(face.box));
    return {
      yaw: binsToDegrees(requireOutput(out, "output").data),
      pitch: binsToDegrees(requireOutput(out, "617").data),
      roll: binsToDegrees(requireOutput(out, "618").data),
    };
  },
});
