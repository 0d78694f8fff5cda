/** The face crops the attribute models were trained on, each in one place. */
import { growInside, type Rect } from "../image.ts";

/** Age and gender: the box grown ×1.4 around its centre, slid inside the image. */
export function ageGenderCrop(box: Rect, imgW: number, imgH: number): Rect {
  return growInside(box, 1.4, imgW, imgH);
}

/** Liveness needs context around the face: the box grown ×2.7, slid inside the image. */
export function livenessCrop(box: Rect, imgW: number, imgH: number): Rect {
  return growInside(box, 2.7, imgW, imgH);
}

/** Emotions: (x, y, 1.2w, 1.2h), anchored at the box's top-left corner as in training. */
export function emotionsCrop(box: Rect): Rect {
  return { x: box.x, y: box.y, width: box.width * 1.2, height: box.height * 1.2 };
}

/** Head pose: the box grown by a quarter of its size on each side. */
export function headPoseCrop(box: Rect): Rect {
  return { x: box.x - box.width / 4, y: box.y - box.height / 4, width: box.width * 1.5, height: box.height * 1.5 };
}
