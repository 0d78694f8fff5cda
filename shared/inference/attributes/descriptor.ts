/**
 * Face descriptor: MobileFaceNet's 512 floats on the 5-point aligned 112×112 warp, L2-normalised and
 * quantised into Luna's sdk_descriptor container (version 900, shared/luna/descriptor.ts).
 */
import { z } from "zod";
import { encodeSdkDescriptor, MOBILEFACENET_DESCRIPTOR_VERSION } from "../../luna/descriptor.ts";
import { replyBytesSchema } from "../../luna/schemas/common.ts";
import { requireOutput } from "../backend.ts";
import { defineEstimator, type Crop } from "../estimator.ts";
import type { RgbImage } from "../image.ts";
import type { ModelRegistry } from "../modelRegistry.ts";
import { PLUS_MINUS_ONE_NORMALISATION, type ModelSpec } from "../modelSpec.ts";
import { runOnRegion } from "../runOnRegion.ts";
import { requirePrerequisite } from "./prerequisites.ts";

export const DESCRIPTOR_MODEL = {
  id: "descriptor",
  file: "fr_feature.onnx",
  sha256: "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581",
  bytes: 4884269,
  inputName: "input",
  inputSize: [112, 112],
  // BGR measured slightly better than RGB for verification (docs/models.md; re-checked in test/integration).
  channels: "bgr",
  normalisation: PLUS_MINUS_ONE_NORMALISATION,
  description: "MobileFaceNet 512-d face descriptor on a 5-point aligned 112×112 crop",
} as const satisfies ModelSpec;

/** 512 raw (unnormalised) floats; the sdk_descriptor codec normalises and quantises them. */
export async function extractDescriptor(models: ModelRegistry, warp: RgbImage): Promise<Float32Array> {
  const [w, h] = DESCRIPTOR_MODEL.inputSize;
  if (warp.width !== w || warp.height !== h) throw new Error(`descriptor needs a ${w}×${h} warp`);
  const out = await runOnRegion(models, DESCRIPTOR_MODEL, warp, { x: 0, y: 0, width: w, height: h });
  const vector = requireOutput(out, "output").data;
  if (vector.length !== 512) throw new Error(`descriptor model returned ${vector.length} values, expected 512`);
  return Float32Array.from(vector);
}

/** The whole warp: the alignment already is the crop. */
function descriptorCrop(): Crop[] {
  const [width, height] = DESCRIPTOR_MODEL.inputSize;
  return [{ source: "warp", region: { x: 0, y: 0, width, height } }];
}

export const descriptorEstimator = defineEstimator({
  flag: "estimate_face_descriptor",
  replyKey: "descriptor",
  stage: "descriptor",
  timingGroup: "descriptor",
  models: [DESCRIPTOR_MODEL],
  needs: ["warp"],
  crop: descriptorCrop,
  reply: z.object({ sdk_descriptor: replyBytesSchema, version: z.number().int() }),
  summary: "face descriptor: sdk_descriptor (version 900) for matching",
  async estimate(face) {
    const vector = face.descriptor ?? (await extractDescriptor(face.models, requirePrerequisite(face, "warp")));
    return { sdk_descriptor: encodeSdkDescriptor(vector), version: MOBILEFACENET_DESCRIPTOR_VERSION };
  },
});
