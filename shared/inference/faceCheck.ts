/**
 * The second-stage face check (issue 15, item 4): a detector box counts as a face only when the
 * face-recognition model sees one in it. MobileFaceNet's raw descriptor (before L2 normalisation)
 * is long on faces and short on what merely looks like one at 320×240 — the norm of a recognition
 * embedding is a known face-quality signal (as in MagFace). Measured on the test photos
 * (docs/inference.md, "False faces"): every real face ≥ 2.49 (sunglasses), every false face of a
 * cat, the Hubble deep field and a skull mask ≤ 2.16; a plastic mask (3.66) and a painted face (4.28)
 * pass, as they do for every detector here.
 */
import { warpToArcFace } from "./align.ts";
import { extractDescriptor } from "./attributes/descriptor.ts";
import type { FaceDetection } from "./detect.ts";
import type { RgbImage } from "./image.ts";
import { estimateLandmarks68, landmarks5From68, type Landmarks68 } from "./landmarks.ts";
import type { ModelRegistry } from "./modelRegistry.ts";

/** Between the highest false face (2.16) and the lowest real one (2.49) of the test photos. */
export const FACE_CHECK_MIN_DESCRIPTOR_NORM = 2.3;

/** What the check computes for one box; the pipeline reuses it (landmarks, warp, descriptor). */
export interface CheckedFace {
  face: FaceDetection;
  landmarks68: Landmarks68;
  warp: RgbImage;
  /** The raw descriptor (512 floats, not normalised). */
  descriptor: Float32Array;
  descriptorNorm: number;
  isFace: boolean;
}

export function vectorNorm(v: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) sum += v[i]! * v[i]!;
  return Math.sqrt(sum);
}

export type FaceCheckTimer = <T>(stage: "landmarks" | "warp" | "descriptor", work: () => Promise<T>) => Promise<T>;

const untimed: FaceCheckTimer = (_stage, work) => work();

/** Landmarks, warp and raw descriptor of one detector box, and whether it passes the check. */
export async function checkFace(
  models: ModelRegistry,
  image: RgbImage,
  face: FaceDetection,
  time: FaceCheckTimer = untimed,
): Promise<CheckedFace> {
  const landmarks68 = await time("landmarks", () => estimateLandmarks68(models, image, face.rect));
  const warp = await time("warp", async () => warpToArcFace(image, landmarks5From68(landmarks68)).image);
  const descriptor = await time("descriptor", () => extractDescriptor(models, warp));
  const descriptorNorm = vectorNorm(descriptor);
  return {
    face,
    landmarks68,
    warp,
    descriptor,
    descriptorNorm,
    isFace: descriptorNorm >= FACE_CHECK_MIN_DESCRIPTOR_NORM,
  };
}
