import { describe, expect, it } from "vitest";
import {
  applyAffine,
  fitSimilarity,
  invertAffine,
  iou,
  nonMaxSuppression,
  type Point,
} from "../../../../shared/inference/geometry.ts";
import { ARCFACE_REFERENCE } from "../../../../shared/inference/align.ts";

describe("similarity fit", () => {
  it("recovers a known rotation, scale and translation exactly", () => {
    const angle = 0.3;
    const scale = 2.5;
    const truth = [
      scale * Math.cos(angle),
      -scale * Math.sin(angle),
      40,
      scale * Math.sin(angle),
      scale * Math.cos(angle),
      -7,
    ] as const;
    const to = ARCFACE_REFERENCE.map((p) => applyAffine(truth, p));
    const fitted = fitSimilarity(ARCFACE_REFERENCE, to);
    fitted.forEach((v, i) => expect(v).toBeCloseTo(truth[i]!, 9));
  });

  it("gives the least-squares fit for noisy points (no reflection)", () => {
    const noisy: Point[] = ARCFACE_REFERENCE.map(([x, y], i) => [x + (i % 2 ? 0.7 : -0.4), y + (i % 3) * 0.3]);
    const m = fitSimilarity(noisy, ARCFACE_REFERENCE);
    expect(m[0]).toBeGreaterThan(0.95); // scale·cos stays positive: no mirror image
    const residual = (t: readonly number[]) =>
      noisy.reduce((sum, p, i) => {
        const [x, y] = applyAffine(t as Parameters<typeof applyAffine>[0], p);
        return sum + (x - ARCFACE_REFERENCE[i]![0]) ** 2 + (y - ARCFACE_REFERENCE[i]![1]) ** 2;
      }, 0);
    const best = residual(m);
    // Any nudge of the four similarity parameters (a, b, tx, ty) makes the fit worse.
    for (const [k, d] of [
      [0, 0.01],
      [0, -0.01],
      [1, 0.01],
      [1, -0.01],
      [2, 0.05],
      [2, -0.05],
      [5, 0.05],
      [5, -0.05],
    ] as const) {
      const t: number[] = [...m];
      t[k] = t[k]! + d;
      if (k === 0) t[4] = t[4]! + d;
      if (k === 1) t[3] = t[3]! - d;
      expect(residual(t)).toBeGreaterThan(best);
    }
  });

  it("inverts affine maps", () => {
    const m = fitSimilarity(
      [
        [0, 0],
        [10, 0],
      ],
      [
        [5, 5],
        [5, 25],
      ],
    );
    const back = applyAffine(invertAffine(m), applyAffine(m, [3, 4]));
    expect(back[0]).toBeCloseTo(3, 9);
    expect(back[1]).toBeCloseTo(4, 9);
  });
});

describe("non-maximum suppression", () => {
  it("keeps the best of overlapping boxes, sorted by score, and keeps separate faces", () => {
    const a = { rect: { x: 0, y: 0, width: 100, height: 100 }, score: 0.9 };
    const b = { rect: { x: 10, y: 10, width: 100, height: 100 }, score: 0.95 };
    const c = { rect: { x: 300, y: 0, width: 50, height: 50 }, score: 0.8 };
    expect(iou(a.rect, b.rect)).toBeCloseTo(8100 / 11900, 6);
    expect(nonMaxSuppression([a, b, c], 0.4)).toEqual([b, c]);
    expect(nonMaxSuppression([a, b, c], 0.9)).toEqual([b, a, c]);
    expect(nonMaxSuppression([a, b, c], 0.4, 1)).toEqual([b]);
  });

  it("does not suppress a small box nested in a big one by the vendor's area-ratio rule", () => {
    // Vendor NMS divides by the other box's area; IoU of a 20×20 box inside 100×100 is 0.04.
    const big = { rect: { x: 0, y: 0, width: 100, height: 100 }, score: 0.99 };
    const small = { rect: { x: 40, y: 40, width: 20, height: 20 }, score: 0.9 };
    expect(nonMaxSuppression([big, small], 0.4)).toHaveLength(2);
  });
});
