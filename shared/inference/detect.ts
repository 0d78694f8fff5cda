/**
 * Face detection with UltraFace RFB-320: the image (or an area of it) is resized to 320×240, the
 * graph returns decoded boxes in 0..1 of its input; we filter by score and apply IoU NMS.
 */
import { requireOutput } from "./backend.ts";
import { nonMaxSuppression, iou } from "./geometry.ts";
import { clipToImage, imageToTensor, resizeRegion, type Rect, type RgbImage } from "./image.ts";
import { MODELS } from "./models.ts";
import type { ModelRegistry } from "./modelRegistry.ts";

export interface FaceDetection {
  /** Original-image pixels (floats; the reply rounds them). */
  rect: Rect;
  score: number;
}

export interface DetectOptions {
  /** Minimum face score. */
  threshold: number;
  /** IoU above which the lower-scored of two boxes is dropped. */
  nmsIou: number;
  /** Upper bound on returned faces. */
  maxFaces: number;
}

/**
 * 0.7, measured on the 45 fixture photos (README "Detection threshold"): every real face scored
 * ≥ 0.989, every spurious box (background patches, a second box on a mask) ≤ 0.64. Lowering it
 * brings those back; raising it to 0.9+ gains nothing here and risks small, blurred faces.
 * Face-like objects (a plastic mask, a painting) score ≈ 1.0 at any threshold: no threshold helps.
 */
export const DEFAULT_DETECT_OPTIONS: DetectOptions = { threshold: 0.7, nmsIou: 0.4, maxFaces: 100 };

/** Detects faces in `region` of the image (the whole image by default). */
export async function detectFaces(
  models: ModelRegistry,
  image: RgbImage,
  options: DetectOptions = DEFAULT_DETECT_OPTIONS,
  region: Rect = { x: 0, y: 0, width: image.width, height: image.height },
): Promise<FaceDetection[]> {
  const spec = MODELS.detect;
  const [w, h] = spec.inputSize;
  const input = resizeRegion(image, region, w, h);
  const session = await models.session("detect");
  const outputs = await session.run({ [spec.inputName]: { data: imageToTensor(input, spec), dims: [1, 3, h, w] } });
  const scores = requireOutput(outputs, "scores").data;
  const boxes = requireOutput(outputs, "boxes").data;
  const count = scores.length / 2;
  const candidates: FaceDetection[] = [];
  for (let i = 0; i < count; i++) {
    const score = scores[i * 2 + 1]!;
    if (score < options.threshold) continue;
    const x1 = region.x + boxes[i * 4]! * region.width;
    const y1 = region.y + boxes[i * 4 + 1]! * region.height;
    const x2 = region.x + boxes[i * 4 + 2]! * region.width;
    const y2 = region.y + boxes[i * 4 + 3]! * region.height;
    const rect = clipToImage({ x: x1, y: y1, width: x2 - x1, height: y2 - y1 }, image.width, image.height);
    if (rect.width < 2 || rect.height < 2) continue;
    candidates.push({ rect, score });
  }
  return nonMaxSuppression(candidates, options.nmsIou, options.maxFaces);
}

/**
 * The search area around a caller-given face box: the box grown by 50% on each side and widened to
 * the detector's 4:3 aspect, so the face is neither distorted nor too large for the detector.
 */
export function redetectionArea(box: Rect, image: RgbImage): Rect {
  let width = box.width * 2;
  let height = box.height * 2;
  if (width / height < 4 / 3) width = (height * 4) / 3;
  else height = (width * 3) / 4;
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const area = { x: cx - width / 2, y: cy - height / 2, width, height };
  // Keep the area within the image when the image is big enough, otherwise keep its size.
  const clipped = clipToImage(area, image.width, image.height);
  return clipped.width > 0 && clipped.height > 0 ? clipped : area;
}

/**
 * Redetection inside a given area (seed example 5, `face_detection_data`): detects in the area
 * around the box and keeps the face that overlaps the given box best (score breaks ties).
 */
export async function redetectFace(
  models: ModelRegistry,
  image: RgbImage,
  box: Rect,
  options: DetectOptions = DEFAULT_DETECT_OPTIONS,
): Promise<FaceDetection | null> {
  const area = redetectionArea(box, image);
  const found = await detectFaces(models, image, options, area);
  let best: FaceDetection | null = null;
  let bestKey = -Infinity;
  for (const face of found) {
    const cx = face.rect.x + face.rect.width / 2;
    const cy = face.rect.y + face.rect.height / 2;
    const centreInside = cx >= box.x && cx <= box.x + box.width && cy >= box.y && cy <= box.y + box.height;
    if (!centreInside) continue;
    const key = iou(face.rect, box) + face.score * 1e-3;
    if (key > bestKey) {
      best = face;
      bestKey = key;
    }
  }
  return best;
}
