/**
 * Mask estimation with a user-supplied classifier. No medical-mask model exists in any registry
 * reachable here, so without a registered model this throws a clear error: never a made-up value.
 */
import { z } from "zod";
import { Errors, LunaError } from "../../luna/errors.ts";
import { unitIntervalSchema } from "../../luna/schemas/common.ts";
import { requireOutput, softmax } from "../backend.ts";
import { defineEstimator, type Crop, type FaceInput } from "../estimator.ts";
import { growInside, imageToTensor, resizeRegion, type Rect, type RgbImage } from "../image.ts";
import type { ModelRegistry, UserModel } from "../modelRegistry.ts";

export const maskNames = ["medical_mask", "missing", "occluded"] as const;
export type MaskName = (typeof maskNames)[number];

export interface MaskAttributes {
  predominant_mask: MaskName;
  estimations: Record<MaskName, number>;
}

export const MASK_MODEL_MISSING =
  "mask estimation needs a mask classifier: no mask model ships with the playground; register one " +
  "(ONNX file + manifest with inputSize, normalisation and labels) via the models API or the Models panel";

/** The manifest decides: the 112×112 aligned warp, or the detection box grown by `boxScale`. */
function maskCrop(model: UserModel, image: RgbImage, box: Rect, warp: RgbImage | null): Crop {
  const m = model.manifest;
  if (m.crop === "warp" && warp)
    return { source: "warp", region: { x: 0, y: 0, width: warp.width, height: warp.height } };
  return { source: "image", region: growInside(box, m.boxScale, image.width, image.height) };
}

/** `model` defaults to the registry's mask model; a lambda passes its own (from its models/ folder). */
export async function estimateMask(
  models: ModelRegistry,
  image: RgbImage,
  box: Rect,
  warp: RgbImage | null,
  model: UserModel | undefined = models.userModel("mask"),
): Promise<MaskAttributes> {
  const user = model;
  if (!user) throw new LunaError(Errors.ModelNotAvailable, MASK_MODEL_MISSING);
  const m = user.manifest;
  const [w, h] = m.inputSize;
  const crop = maskCrop(user, image, box, warp);
  const input = resizeRegion(crop.source === "warp" && warp ? warp : image, crop.region, w, h);
  const channels = m.channels === "grey" ? 1 : 3;
  const dims = m.layout === "nhwc" ? [1, h, w, channels] : [1, channels, h, w];
  const out = await user.session.run({
    [m.inputName]: {
      data: imageToTensor(input, { channels: m.channels, normalisation: m.normalisation, layout: m.layout }),
      dims,
    },
  });
  const raw = requireOutput(out, m.outputName ?? user.session.outputNames[0]!).data;
  if (raw.length !== m.labels.length) {
    throw new LunaError(
      Errors.ModelLoadFailed,
      `mask model gives ${raw.length} outputs but its manifest names ${m.labels.length} labels`,
    );
  }
  const p = m.output === "logits" ? softmax(raw) : raw;
  const estimations: Record<MaskName, number> = { medical_mask: 0, missing: 0, occluded: 0 };
  m.labels.forEach((label, i) => (estimations[label] += p[i]!));
  const predominant = (Object.keys(estimations) as MaskName[]).reduce((a, b) =>
    estimations[b] > estimations[a] ? b : a,
  );
  return { predominant_mask: predominant, estimations };
}

export const maskEstimator = defineEstimator({
  flag: "estimate_mask",
  replyKey: "mask",
  stage: "mask",
  timingGroup: "attributes",
  models: [],
  userModel: { kind: "mask", missing: MASK_MODEL_MISSING },
  // The warp is made whether or not the manifest crops the box: which one is known only per model.
  needs: ["warp"],
  crop: (face: FaceInput): Crop[] =>
    face.userModel ? [maskCrop(face.userModel, face.image, face.box, face.warp)] : [],
  reply: z.object({
    predominant_mask: z.enum(maskNames),
    estimations: z.record(z.enum(maskNames), unitIntervalSchema),
  }),
  summary: "mask: predominant_mask and a probability per class (needs a registered mask classifier)",
  async estimate(face) {
    // Never the registry's default owner: the pipeline looked up the caller's model (or none).
    if (!face.userModel) throw new LunaError(Errors.ModelNotAvailable, MASK_MODEL_MISSING);
    return estimateMask(face.models, face.image, face.box, face.warp, face.userModel);
  },
});
