/** Age (SSR-Net): merged stages × 101 years. */
import type { Rect, RgbImage } from "../image.ts";
import type { ModelRegistry } from "../modelRegistry.ts";
import { runOnRegion } from "../runOnRegion.ts";
import { ageGenderCrop } from "./faceCrops.ts";
import { mergeSsrStages } from "./ssrNet.ts";

export async function estimateAge(models: ModelRegistry, image: RgbImage, box: Rect): Promise<number> {
  return mergeSsrStages(await runOnRegion(models, "age", image, ageGenderCrop(box, image.width, image.height))) * 101;
}
