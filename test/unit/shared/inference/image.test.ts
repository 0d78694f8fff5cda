import { describe, expect, it } from "vitest";
import {
  createRgbImage,
  growInside,
  imageToTensor,
  regionToTensor,
  resizeRegion,
  warpAffine,
  type Affine,
  type Rect,
  type TensorLayout,
} from "../../../../shared/inference/image.ts";
import { referenceImageToTensor, referenceResizeRegion, referenceWarpAffine } from "./imageReference.ts";

function gradient(w: number, h: number) {
  const data = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const o = (y * w + x) * 3;
      data[o] = x * 10;
      data[o + 1] = y * 10;
      data[o + 2] = 200;
    }
  return createRgbImage(w, h, data);
}

describe("image ops", () => {
  it("resizes a region without changing pixels at scale 1", () => {
    const img = gradient(8, 6);
    const crop = resizeRegion(img, { x: 2, y: 1, width: 4, height: 3 }, 4, 3);
    expect([...crop.data.slice(0, 3)]).toEqual([20, 10, 200]);
    expect([...crop.data.slice(-3)]).toEqual([50, 30, 200]);
  });

  it("averages when downscaling (no aliasing of a checkerboard)", () => {
    const w = 64;
    const data = new Uint8Array(w * w * 3);
    for (let i = 0; i < w * w; i++) data.fill(((i % w) + Math.floor(i / w)) % 2 ? 255 : 0, i * 3, i * 3 + 3);
    const small = resizeRegion(createRgbImage(w, w, data), { x: 0, y: 0, width: w, height: w }, 4, 4);
    // Point sampling would give 0 or 255 here; the widened triangle filter lands within 2% of grey.
    for (const v of small.data) expect(Math.abs(v - 127.5)).toBeLessThan(5);
  });

  it("warps with the identity map and leaves out-of-image pixels black", () => {
    const img = gradient(8, 6);
    const same = warpAffine(img, [1, 0, 0, 0, 1, 0], 8, 6);
    expect(same.data).toEqual(img.data);
    const shifted = warpAffine(img, [1, 0, 4, 0, 1, 0], 8, 6);
    expect([...shifted.data.slice(0, 3)]).toEqual([40, 0, 200]);
    expect([...shifted.data.slice(7 * 3, 8 * 3)]).toEqual([0, 0, 0]);
  });

  it("makes NCHW tensors in the manifest's channel order", () => {
    const img = createRgbImage(1, 1, new Uint8Array([10, 20, 30]));
    const n = { scale: 1, mean: [0, 0, 0], std: [1, 1, 1] };
    expect([...imageToTensor(img, { channels: "rgb", normalisation: n })]).toEqual([10, 20, 30]);
    expect([...imageToTensor(img, { channels: "bgr", normalisation: n })]).toEqual([30, 20, 10]);
    const grey = imageToTensor(img, { channels: "grey", normalisation: { scale: 1, mean: [0], std: [1] } });
    expect(grey[0]).toBeCloseTo(0.299 * 10 + 0.587 * 20 + 0.114 * 30, 4);
  });

  it("grows a box inside the image without changing its size", () => {
    const r = growInside({ x: 0, y: 0, width: 100, height: 100 }, 1.4, 500, 500);
    expect(r).toEqual({ x: 0, y: 0, width: 140, height: 140 });
  });
});

describe("resizeRegion geometry", () => {
  it("keeps a feature in place through a large reduction", () => {
    // A white 40×40 square at (400, 200) in a 1000×800 black image, reduced 10× (box + bilinear path).
    const w = 1000,
      h = 800;
    const data = new Uint8Array(w * h * 3);
    for (let y = 200; y < 240; y++) data.fill(255, (y * w + 400) * 3, (y * w + 440) * 3);
    const small = resizeRegion(createRgbImage(w, h, data), { x: 0, y: 0, width: w, height: h }, 100, 80);
    let sx = 0,
      sy = 0,
      sum = 0;
    for (let y = 0; y < 80; y++)
      for (let x = 0; x < 100; x++) {
        const v = small.data[(y * 100 + x) * 3]!;
        sx += v * x;
        sy += v * y;
        sum += v;
      }
    // Centre of mass: (420, 220) / 10 − 0.5 in output pixel-centre coordinates.
    expect(sx / sum).toBeCloseTo(41.5, 1);
    expect(sy / sum).toBeCloseTo(21.5, 1);
  });
});

describe("fast image ops match the element-wise reference bit for bit", () => {
  /** Deterministic noise (a fixed LCG): every byte value and edge case appears. */
  function noise(w: number, h: number, seed: number) {
    const data = new Uint8Array(w * h * 3);
    let s = seed;
    for (let i = 0; i < data.length; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      data[i] = s >>> 24;
    }
    return createRgbImage(w, h, data);
  }
  const layouts: TensorLayout[] = [
    { channels: "rgb", normalisation: { scale: 1, mean: [127, 127, 127], std: [128, 128, 128] } },
    { channels: "bgr", normalisation: { scale: 1, mean: [127.5], std: [127.5] } },
    { channels: "rgb", normalisation: { scale: 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } },
    { channels: "rgb", normalisation: { scale: 1, mean: [0, 0, 0], std: [1, 1, 1] }, layout: "nhwc" },
    { channels: "grey", normalisation: { scale: 256, mean: [0], std: [1] } },
  ];
  const regions: [number, number, Rect][] = [
    [512, 512, { x: 0, y: 0, width: 512, height: 512 }], // 2:1 row merge (the word-wise path)
    [620, 349, { x: 0, y: 0, width: 620, height: 349 }],
    [640, 480, { x: 0, y: 0, width: 640, height: 480 }], // 2×2 blocks
    [511, 513, { x: 37.8, y: 0, width: 455.2, height: 511 }], // 3×3 blocks, odd offsets
    [300, 200, { x: -20.5, y: -10.25, width: 180, height: 260 }], // past the edges
    [300, 200, { x: 101.3, y: 7.9, width: 96.1, height: 117.4 }], // an enlargement
    [1000, 700, { x: 1.5, y: 3, width: 997, height: 695 }], // odd row start (unaligned words)
  ];
  it("resizeRegion, imageToTensor and regionToTensor", () => {
    let seed = 1;
    for (const [w, h, region] of regions) {
      const img = noise(w, h, seed++);
      for (const [ow, oh] of [
        [320, 240],
        [64, 64],
        [224, 224],
        [128, 128],
      ] as const) {
        const resized = resizeRegion(img, region, ow, oh);
        const expected = referenceResizeRegion(img, region, ow, oh);
        expect(Buffer.compare(resized.data, expected.data)).toBe(0);
        for (const layout of layouts) {
          const want = referenceImageToTensor(expected, layout);
          expect(Buffer.from(imageToTensor(resized, layout).buffer).equals(Buffer.from(want.buffer))).toBe(true);
          const fused = regionToTensor(img, region, ow, oh, layout);
          expect(Buffer.from(fused.buffer).equals(Buffer.from(want.buffer))).toBe(true);
        }
      }
    }
  });

  it("warpAffine", () => {
    const img = noise(200, 150, 7);
    const maps: Affine[] = [
      [0.9, 0.2, 30.3, -0.2, 0.9, 20.7],
      [1.7, -0.4, -15, 0.4, 1.7, -9.5],
      [0.5, 0, 150, 0, 0.5, 110],
    ];
    for (const m of maps)
      expect(Buffer.compare(warpAffine(img, m, 112, 112).data, referenceWarpAffine(img, m, 112, 112).data)).toBe(0);
  });
});
