/** Gender (SSR-Net): merged stages = P(male); Luna encodes 1 = male, 0 = female. */
import { imageToTensor, resizeRegion, type Rect, type RgbImage } from "../image.ts";
import { MODELS } from "../models.ts";
import type { ModelRegistry } from "../modelRegistry.ts";
import { ageGenderCrop } from "./faceCrops.ts";
import { mergeSsrStages } from "./ssrNet.ts";

/** The vendor demo's decision point: above it the face is reported male. */
export const MALE_THRESHOLD = 0.6;

export async function estimateMaleScore(models: ModelRegistry, image: RgbImage, box: Rect): Promise<number> {
  const spec = MODELS.gender;
  const [w, h] = spec.inputSize;
  const input = resizeRegion(image, ageGenderCrop(box, image.width, image.height), w, h);
  const session = await models.session("gender");
  const out = await session.run({ [spec.inputName]: { data: imageToTensor(input, spec), dims: [1, 3, h, w] } });
  return mergeSsrStages(out);
}
