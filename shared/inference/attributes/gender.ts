/** Gender (SSR-Net): merged stages = P(male); Luna encodes 1 = male, 0 = female. */
import type { Rect, RgbImage } from "../image.ts";
import type { ModelRegistry } from "../modelRegistry.ts";
import { runOnRegion } from "../runOnRegion.ts";
import { ageGenderCrop } from "./faceCrops.ts";
import { mergeSsrStages } from "./ssrNet.ts";

/** The vendor demo's decision point: above it the face is reported male. */
export const MALE_THRESHOLD = 0.6;

export async function estimateMaleScore(models: ModelRegistry, image: RgbImage, box: Rect): Promise<number> {
  return mergeSsrStages(await runOnRegion(models, "gender", image, ageGenderCrop(box, image.width, image.height)));
}
