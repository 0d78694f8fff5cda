import { describe, expect, it } from "vitest";
import {
  createRgbImage,
  growInside,
  imageToTensor,
  resizeRegion,
  warpAffine,
} from "../../../../shared/inference/image.ts";

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
