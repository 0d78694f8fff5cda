/**
 * ArcFace alignment: a 5-point similarity fit onto the standard 112×112 reference points, then an
 * affine warp. (The vendor's 3-point affine verified clearly worse: docs/models.md.)
 */
import { fitSimilarity, invertAffine, type Point } from "./geometry.ts";
import { warpAffine, type Affine, type RgbImage } from "./image.ts";
import type { Landmarks5 } from "./landmarks.ts";

export const ARCFACE_SIZE = 112;

export const ARCFACE_REFERENCE: readonly Point[] = [
  [38.2946, 51.6963],
  [73.5318, 51.5014],
  [56.0252, 71.7366],
  [41.5493, 92.3655],
  [70.7299, 92.2041],
];

export interface Warp {
  image: RgbImage;
  /** Source-image → warp coordinates. */
  transform: Affine;
}

export function warpToArcFace(image: RgbImage, landmarks5: Landmarks5): Warp {
  const transform = fitSimilarity(landmarks5, ARCFACE_REFERENCE);
  return { image: warpAffine(image, invertAffine(transform), ARCFACE_SIZE, ARCFACE_SIZE), transform };
}
