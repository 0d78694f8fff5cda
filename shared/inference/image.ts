/**
 * Pure-TypeScript image operations on interleaved 8-bit RGB images. Every model input is made here,
 * so the server (ORT-node) and the browser (ORT-web) feed byte-identical tensors.
 */
import type { ChannelOrder, Normalisation } from "./models.ts";

export interface RgbImage {
  readonly width: number;
  readonly height: number;
  /** width × height × 3 bytes, row-major, R G B. */
  readonly data: Uint8Array;
}

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Row-major 2×3 affine matrix [a, b, c, d, e, f]: x' = a·x + b·y + c, y' = d·x + e·y + f. */
export type Affine = readonly [number, number, number, number, number, number];

export function createRgbImage(width: number, height: number, data?: Uint8Array): RgbImage {
  const bytes = data ?? new Uint8Array(width * height * 3);
  if (bytes.length !== width * height * 3) {
    throw new Error(`RGB image ${width}×${height} needs ${width * height * 3} bytes, got ${bytes.length}`);
  }
  return { width, height, data: bytes };
}

/** RGBA (canvas ImageData, sharp with alpha) → RGB, dropping alpha. */
export function rgbaToRgb(width: number, height: number, rgba: Uint8Array | Uint8ClampedArray): RgbImage {
  const out = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < out.length; i += 3, j += 4) {
    out[i] = rgba[j]!;
    out[i + 1] = rgba[j + 1]!;
    out[i + 2] = rgba[j + 2]!;
  }
  return createRgbImage(width, height, out);
}

function clampInt(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** Bilinear sample with edge replication; writes 3 channels into out[o..o+2] as floats. */
function sampleBilinear(img: RgbImage, x: number, y: number, out: Float32Array, o: number): void {
  const maxX = img.width - 1;
  const maxY = img.height - 1;
  const xc = x < 0 ? 0 : x > maxX ? maxX : x;
  const yc = y < 0 ? 0 : y > maxY ? maxY : y;
  const x0 = Math.floor(xc);
  const y0 = Math.floor(yc);
  const x1 = x0 < maxX ? x0 + 1 : maxX;
  const y1 = y0 < maxY ? y0 + 1 : maxY;
  const fx = xc - x0;
  const fy = yc - y0;
  const d = img.data;
  const w = img.width;
  const i00 = (y0 * w + x0) * 3;
  const i01 = (y0 * w + x1) * 3;
  const i10 = (y1 * w + x0) * 3;
  const i11 = (y1 * w + x1) * 3;
  for (let c = 0; c < 3; c++) {
    const top = d[i00 + c]! + (d[i01 + c]! - d[i00 + c]!) * fx;
    const bottom = d[i10 + c]! + (d[i11 + c]! - d[i10 + c]!) * fx;
    out[o + c] = top + (bottom - top) * fy;
  }
}

/**
 * Crops `region` (may extend past the image: edges are replicated) and resizes it to outW × outH.
 * Downscaling averages a grid of bilinear taps per output pixel, so large photos are not aliased
 * (plain bilinear at 10× reduction makes the detector miss faces).
 */
export function resizeRegion(img: RgbImage, region: Rect, outW: number, outH: number): RgbImage {
  const sx = region.width / outW;
  const sy = region.height / outH;
  const tapsX = clampInt(Math.ceil(sx), 1, 16);
  const tapsY = clampInt(Math.ceil(sy), 1, 16);
  const out = new Uint8Array(outW * outH * 3);
  const px = new Float32Array(3);
  const taps = tapsX * tapsY;
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let ty = 0; ty < tapsY; ty++) {
        // Pixel-centre convention: output pixel (ox, oy) covers [ox, ox+1) in output space.
        const y = region.y + (oy + (ty + 0.5) / tapsY) * sy - 0.5;
        for (let tx = 0; tx < tapsX; tx++) {
          const x = region.x + (ox + (tx + 0.5) / tapsX) * sx - 0.5;
          sampleBilinear(img, x, y, px, 0);
          r += px[0]!;
          g += px[1]!;
          b += px[2]!;
        }
      }
      const o = (oy * outW + ox) * 3;
      out[o] = Math.round(r / taps);
      out[o + 1] = Math.round(g / taps);
      out[o + 2] = Math.round(b / taps);
    }
  }
  return createRgbImage(outW, outH, out);
}

/**
 * Warps by an affine map from OUTPUT to SOURCE coordinates (the inverse of the alignment
 * transform), bilinear, pixels outside the source are black (as ArcFace-style warps expect).
 */
export function warpAffine(img: RgbImage, outputToSource: Affine, outW: number, outH: number): RgbImage {
  const [a, b, c, d, e, f] = outputToSource;
  const out = new Uint8Array(outW * outH * 3);
  const px = new Float32Array(3);
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      const x = a * ox + b * oy + c;
      const y = d * ox + e * oy + f;
      if (x < -0.5 || y < -0.5 || x > img.width - 0.5 || y > img.height - 0.5) continue;
      sampleBilinear(img, x, y, px, 0);
      const o = (oy * outW + ox) * 3;
      out[o] = Math.round(px[0]!);
      out[o + 1] = Math.round(px[1]!);
      out[o + 2] = Math.round(px[2]!);
    }
  }
  return createRgbImage(outW, outH, out);
}

export interface TensorLayout {
  channels: ChannelOrder;
  normalisation: Normalisation;
  layout?: "nchw" | "nhwc";
}

/** Makes a float32 model input from an image: channel order, scale, mean/std, layout. */
export function imageToTensor(img: RgbImage, spec: TensorLayout): Float32Array {
  const { width, height, data } = img;
  const plane = width * height;
  const { scale, mean, std } = spec.normalisation;
  const nhwc = spec.layout === "nhwc";
  if (spec.channels === "grey") {
    const out = new Float32Array(plane);
    const m = mean[0] ?? 0;
    const s = std[0] ?? 1;
    for (let i = 0; i < plane; i++) {
      // ITU-R BT.601 luma, the same weights OpenCV's RGB2GRAY uses.
      const grey = 0.299 * data[i * 3]! + 0.587 * data[i * 3 + 1]! + 0.114 * data[i * 3 + 2]!;
      out[i] = (grey / scale - m) / s;
    }
    return out;
  }
  const out = new Float32Array(plane * 3);
  const order = spec.channels === "rgb" ? [0, 1, 2] : [2, 1, 0];
  for (let c = 0; c < 3; c++) {
    const src = order[c]!;
    const m = mean[c] ?? mean[0] ?? 0;
    const s = std[c] ?? std[0] ?? 1;
    for (let i = 0; i < plane; i++) {
      const v = (data[i * 3 + src]! / scale - m) / s;
      if (nhwc) out[i * 3 + c] = v;
      else out[c * plane + i] = v;
    }
  }
  return out;
}

/** A square of side `max(w, h) × factor` centred on the box. */
export function squareAround(box: Rect, factor: number, side: "max" | "height" = "max"): Rect {
  const base = side === "height" ? box.height : Math.max(box.width, box.height);
  const s = base * factor;
  return { x: box.x + box.width / 2 - s / 2, y: box.y + box.height / 2 - s / 2, width: s, height: s };
}

/**
 * Grows the box by `factor` around its centre (capped by the image size) and slides it back inside
 * the image, keeping its size: models trained on context crops (age, liveness) expect real pixels.
 */
export function growInside(box: Rect, factor: number, imgW: number, imgH: number): Rect {
  const f = Math.min(factor, (imgW - 1) / box.width, (imgH - 1) / box.height);
  const w = box.width * f;
  const h = box.height * f;
  let x = box.x + box.width / 2 - w / 2;
  let y = box.y + box.height / 2 - h / 2;
  x = Math.min(Math.max(x, 0), imgW - w);
  y = Math.min(Math.max(y, 0), imgH - h);
  return { x, y, width: w, height: h };
}

/** Intersection of a rect with the image bounds (may be empty). */
export function clipToImage(r: Rect, imgW: number, imgH: number): Rect {
  const x0 = Math.max(0, r.x);
  const y0 = Math.max(0, r.y);
  const x1 = Math.min(imgW, r.x + r.width);
  const y1 = Math.min(imgH, r.y + r.height);
  return { x: x0, y: y0, width: Math.max(0, x1 - x0), height: Math.max(0, y1 - y0) };
}
