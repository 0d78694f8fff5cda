/** Point sets, similarity fits and box overlap. */
import type { Affine, Rect } from "./image.ts";

export type Point = readonly [number, number];

/**
 * Least-squares similarity transform (rotation + uniform scale + translation, no reflection) that
 * maps `from` onto `to` — Umeyama's method specialised to 2-D, where it has a closed form.
 */
export function fitSimilarity(from: readonly Point[], to: readonly Point[]): Affine {
  if (from.length !== to.length || from.length < 2) {
    throw new Error(`similarity fit needs two equally long point lists of at least 2 points`);
  }
  const n = from.length;
  let mfx = 0,
    mfy = 0,
    mtx = 0,
    mty = 0;
  for (let i = 0; i < n; i++) {
    mfx += from[i]![0];
    mfy += from[i]![1];
    mtx += to[i]![0];
    mty += to[i]![1];
  }
  mfx /= n;
  mfy /= n;
  mtx /= n;
  mty /= n;
  let sxx = 0,
    num_a = 0,
    num_b = 0;
  for (let i = 0; i < n; i++) {
    const px = from[i]![0] - mfx,
      py = from[i]![1] - mfy;
    const qx = to[i]![0] - mtx,
      qy = to[i]![1] - mty;
    sxx += px * px + py * py;
    num_a += px * qx + py * qy;
    num_b += px * qy - py * qx;
  }
  if (sxx === 0) throw new Error("similarity fit: source points are all identical");
  const a = num_a / sxx; // scale·cos θ
  const b = num_b / sxx; // scale·sin θ
  return [a, -b, mtx - (a * mfx - b * mfy), b, a, mty - (b * mfx + a * mfy)];
}

export function applyAffine(m: Affine, p: Point): [number, number] {
  return [m[0] * p[0] + m[1] * p[1] + m[2], m[3] * p[0] + m[4] * p[1] + m[5]];
}

export function invertAffine(m: Affine): Affine {
  const [a, b, c, d, e, f] = m;
  const det = a * e - b * d;
  if (Math.abs(det) < 1e-12) throw new Error("affine matrix is not invertible");
  const ia = e / det,
    ib = -b / det,
    id = -d / det,
    ie = a / det;
  return [ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)];
}

export function iou(a: Rect, b: Rect): number {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width);
  const y1 = Math.min(a.y + a.height, b.y + b.height);
  const inter = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  const union = a.width * a.height + b.width * b.height - inter;
  return union <= 0 ? 0 : inter / union;
}

export interface Scored {
  rect: Rect;
  score: number;
}

/** Greedy non-maximum suppression, highest score first, by IoU. */
export function nonMaxSuppression<T extends Scored>(items: readonly T[], iouThreshold: number, limit = Infinity): T[] {
  const sorted = [...items].sort((p, q) => q.score - p.score);
  const kept: T[] = [];
  for (const candidate of sorted) {
    if (kept.length >= limit) break;
    if (kept.every((k) => iou(k.rect, candidate.rect) <= iouThreshold)) kept.push(candidate);
  }
  return kept;
}

export function meanPoint(points: readonly Point[]): [number, number] {
  let x = 0,
    y = 0;
  for (const p of points) {
    x += p[0];
    y += p[1];
  }
  return [x / points.length, y / points.length];
}
