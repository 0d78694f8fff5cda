/**
 * Mask estimation with a user-supplied classifier. No medical-mask model exists in any registry
 * reachable here, so without a registered model this throws a clear error: never a made-up value.
 */
import { requireOutput, softmax } from "../backend.ts";
import { Errors, LunaError } from "../../luna/errors.ts";
import type { MaskName } from "../../luna/schemas/sdk.ts";
import { growInside, imageToTensor, resizeRegion, type Rect, type RgbImage } from "../image.ts";
import type { ModelRegistry, UserModel } from "../modelRegistry.ts";

export interface MaskAttributes {
  predominant_mask: MaskName;
  estimations: Record<MaskName, number>;
}

export const MASK_MODEL_MISSING =
  "mask estimation needs a mask classifier: no mask model ships with the playground; register one " +
  "(ONNX file + manifest with inputSize, normalisation and labels) via the models API or the Models panel";

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
  const source = m.crop === "warp" && warp ? warp : image;
  const region: Rect =
    m.crop === "warp" && warp
      ? { x: 0, y: 0, width: warp.width, height: warp.height }
      : growInside(box, m.boxScale, image.width, image.height);
  const input = resizeRegion(source, region, w, h);
  const channels = m.channels === "grey" ? 1 : 3;
  const dims = m.layout === "nhwc" ? [1, h, w, channels] : [1, channels, h, w];
  const out = await user.session.run({
    [m.inputName]: { data: imageToTensor(input, { channels: m.channels, normalisation: m.normalisation, layout: m.layout }), dims },
  });
  const raw = requireOutput(out, m.outputName ?? user.session.outputNames[0]!).data;
  if (raw.length !== m.labels.length) {
    throw new LunaError(Errors.ModelLoadFailed, `mask model gives ${raw.length} outputs but its manifest names ${m.labels.length} labels`);
  }
  const p = m.output === "logits" ? softmax(raw) : raw;
  const estimations: Record<MaskName, number> = { medical_mask: 0, missing: 0, occluded: 0 };
  m.labels.forEach((label, i) => (estimations[label] += p[i]!));
  const predominant = (Object.keys(estimations) as MaskName[]).reduce((a, b) => (estimations[b] > estimations[a] ? b : a));
  return { predominant_mask: predominant, estimations };
}
