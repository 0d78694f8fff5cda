/** Age (SSR-Net): merged stages × 101 years. */
import { imageToTensor, resizeRegion, type Rect, type RgbImage } from "../image.ts";
import { MODELS } from "../models.ts";
import type { ModelRegistry } from "../modelRegistry.ts";
import { ageGenderCrop } from "./faceCrops.ts";
import { mergeSsrStages } from "./ssrNet.ts";

export async function estimateAge(models: ModelRegistry, image: RgbImage, box: Rect): Promise<number> {
  const spec = MODELS.age;
  const [w, h] = spec.inputSize;
  const input = resizeRegion(image, ageGenderCrop(box, image.width, image.height), w, h);
  const session = await models.session("age");
  const out = await session.run({ [spec.inputName]: { data: imageToTensor(input, spec), dims: [1, 3, h, w] } });
  return mergeSsrStages(out) * 101;
}
