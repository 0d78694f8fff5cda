/**
 * Face detection with UltraFace RFB-320: the image (or an area of it) is resized to 320×240, the
 * graph returns decoded boxes in 0..1 of its input; we filter by score and apply IoU NMS.
 */
import { requireOutput } from "./backend.ts";
import { nonMaxSuppression, iou } from "./geometry.ts";
import { clipToImage, type Rect, type RgbImage } from "./image.ts";
import { PLUS_MINUS_ONE_NORMALISATION, type ModelSpec } from "./modelSpec.ts";
import type { ModelRegistry } from "./modelRegistry.ts";
import { runOnRegion } from "./runOnRegion.ts";

export const DETECT_MODEL = {
  id: "detect",
  file: "fr_detect.onnx",
  sha256: "6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854",
  bytes: 1217758,
  inputName: "input",
  inputSize: [320, 240],
  channels: "rgb",
  normalisation: PLUS_MINUS_ONE_NORMALISATION,
  description: "UltraFace RFB-320 face detector (boxes decoded inside the graph)",
} as const satisfies ModelSpec;

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

/** Detects faces in `region` of the image (the whole image by default), in one detector pass. */
export async function detectInRegion(
  models: ModelRegistry,
  image: RgbImage,
  options: DetectOptions = DEFAULT_DETECT_OPTIONS,
  region: Rect = { x: 0, y: 0, width: image.width, height: image.height },
): Promise<FaceDetection[]> {
  const outputs = await runOnRegion(models, DETECT_MODEL, image, region);
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
 * Overlapping tiles for large images: the detector sees 320×240, so in a 4000×3000 group photo a
 * 60 px face shrinks to 5 px and is lost. Up to 4×3 tiles, each overlapping its neighbours by a
 * quarter, bring small faces back to a size the detector finds. Empty for images the detector
 * already sees at ≥ 1/3 scale (tiling those only added partial-face false positives on the test photos).
 */
export function detectionTiles(width: number, height: number): Rect[] {
  const [dw, dh] = DETECT_MODEL.inputSize;
  const cols = Math.min(4, Math.ceil(width / (dw * 3)));
  const rows = Math.min(3, Math.ceil(height / (dh * 3)));
  if (cols <= 1 && rows <= 1) return [];
  const tileW = Math.min(width, (width / cols) * 1.25);
  const tileH = Math.min(height, (height / rows) * 1.25);
  const tiles: Rect[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const x = cols === 1 ? 0 : ((width - tileW) * c) / (cols - 1);
      const y = rows === 1 ? 0 : ((height - tileH) * r) / (rows - 1);
      tiles.push({ x, y, width: tileW, height: tileH });
    }
  }
  return tiles;
}

/** True when the box touches an edge of the tile that lies inside the image (a face cut in two). */
function touchesInnerEdge(box: Rect, tile: Rect, width: number, height: number): boolean {
  const margin = 2;
  const left = tile.x > 0 && box.x <= tile.x + margin;
  const top = tile.y > 0 && box.y <= tile.y + margin;
  const right = tile.x + tile.width < width && box.x + box.width >= tile.x + tile.width - margin;
  const bottom = tile.y + tile.height < height && box.y + box.height >= tile.y + tile.height - margin;
  return left || top || right || bottom;
}

/** Share of `inner`'s area that lies inside `outer`. */
function containedShare(inner: Rect, outer: Rect): number {
  const w = Math.min(inner.x + inner.width, outer.x + outer.width) - Math.max(inner.x, outer.x);
  const h = Math.min(inner.y + inner.height, outer.y + outer.height) - Math.max(inner.y, outer.y);
  return w <= 0 || h <= 0 ? 0 : (w * h) / (inner.width * inner.height);
}

/** Tile passes are for small faces; at this score a tile box counts (real ones scored ≥ 0.99). */
export const TILE_MIN_SCORE = 0.9;

/**
 * Detects faces in the whole image: one pass over the full frame (large faces) plus, for large
 * images, one per overlapping tile (small faces). A tile box is dropped when it touches an inner
 * tile edge (the face is cut: a neighbour or the full pass sees it whole), lies mostly inside a
 * full-pass face (a part of a big face) or scores below TILE_MIN_SCORE; then one NMS for all.
 */
export async function detectFaces(
  models: ModelRegistry,
  image: RgbImage,
  options: DetectOptions = DEFAULT_DETECT_OPTIONS,
): Promise<FaceDetection[]> {
  const unlimited = { ...options, maxFaces: Infinity };
  const full = await detectInRegion(models, image, unlimited);
  const candidates = [...full];
  const tileOptions = { ...unlimited, threshold: Math.max(options.threshold, TILE_MIN_SCORE) };
  for (const tile of detectionTiles(image.width, image.height)) {
    for (const face of await detectInRegion(models, image, tileOptions, tile)) {
      if (touchesInnerEdge(face.rect, tile, image.width, image.height)) continue;
      if (full.some((f) => containedShare(face.rect, f.rect) > 0.5)) continue;
      candidates.push(face);
    }
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
  const found = await detectInRegion(models, image, options, area);
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
