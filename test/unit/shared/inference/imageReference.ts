/**
 * The image operations as they were before they were made faster (issue 15, item 5), kept only as
 * the reference the fast ones must match bit for bit (image.test.ts).
 */
import {
  createRgbImage,
  type Affine,
  type Rect,
  type RgbImage,
  type TensorLayout,
} from "../../../../shared/inference/image.ts";

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

function clampIndex(i: number, size: number): number {
  return i < 0 ? 0 : i >= size ? size - 1 : i;
}

/**
 * Averages kx × ky blocks of the source starting at (x0, y0) — edges replicated — into a smaller
 * image: the integer part of a large downscale, done in one pass over the source pixels.
 * (Hot path: channels are unrolled and sums kept in integers; ~3× faster than a generic loop.)
 */
function boxReduce(img: RgbImage, x0: number, y0: number, w: number, h: number, kx: number, ky: number): RgbImage {
  const outW = Math.ceil(w / kx);
  const outH = Math.ceil(h / ky);
  const src = img.data;
  const stride = img.width * 3;
  const acc = new Uint32Array(outW * 3);
  const out = new Uint8Array(outW * outH * 3);
  const cols = new Int32Array(outW * kx);
  for (let i = 0; i < cols.length; i++) cols[i] = clampIndex(x0 + i, img.width) * 3;
  const inverseArea = 1 / (kx * ky);
  const n = outW * 3;
  for (let by = 0; by < outH; by++) {
    acc.fill(0);
    for (let j = 0; j < ky; j++) {
      const row = clampIndex(y0 + by * ky + j, img.height) * stride;
      if (kx === 1) {
        // Only rows are merged (e.g. 512×512 → 320×240): no inner loop.
        for (let bx = 0, a = 0; bx < outW; bx++, a += 3) {
          const p = row + cols[bx]!;
          acc[a] = acc[a]! + src[p]!;
          acc[a + 1] = acc[a + 1]! + src[p + 1]!;
          acc[a + 2] = acc[a + 2]! + src[p + 2]!;
        }
        continue;
      }
      for (let bx = 0, c = 0, a = 0; bx < outW; bx++, a += 3) {
        let r = 0,
          g = 0,
          b = 0;
        for (let i = 0; i < kx; i++, c++) {
          const p = row + cols[c]!;
          r += src[p]!;
          g += src[p + 1]!;
          b += src[p + 2]!;
        }
        acc[a] = acc[a]! + r;
        acc[a + 1] = acc[a + 1]! + g;
        acc[a + 2] = acc[a + 2]! + b;
      }
    }
    const o = by * n;
    for (let k = 0; k < n; k++) out[o + k] = (acc[k]! * inverseArea + 0.5) | 0;
  }
  return createRgbImage(outW, outH, out);
}

/**
 * Bilinear resampling with precomputed column indices and weights; output pixel o samples source
 * coordinate r + (o + 0.5)·s − 0.5 (pixel centres), clamped to the image (edges replicated).
 */
function bilinearRegion(
  img: RgbImage,
  rx: number,
  ry: number,
  sx: number,
  sy: number,
  outW: number,
  outH: number,
): RgbImage {
  const { width, height } = img;
  const x0s = new Int32Array(outW);
  const x1s = new Int32Array(outW);
  const fxs = new Float32Array(outW);
  for (let o = 0; o < outW; o++) {
    const x = Math.min(Math.max(rx + (o + 0.5) * sx - 0.5, 0), width - 1);
    const x0 = Math.floor(x);
    x0s[o] = x0 * 3;
    x1s[o] = Math.min(x0 + 1, width - 1) * 3;
    fxs[o] = x - x0;
  }
  const src = img.data;
  const stride = width * 3;
  const out = new Uint8Array(outW * outH * 3);
  let o = 0;
  for (let oy = 0; oy < outH; oy++) {
    const y = Math.min(Math.max(ry + (oy + 0.5) * sy - 0.5, 0), height - 1);
    const y0 = Math.floor(y);
    const fy = y - y0;
    const gy = 1 - fy;
    const top = y0 * stride;
    const bottom = Math.min(y0 + 1, height - 1) * stride;
    for (let ox = 0; ox < outW; ox++) {
      const xa = x0s[ox]!;
      const xb = x1s[ox]!;
      const fx = fxs[ox]!;
      const gx = 1 - fx;
      const w00 = gx * gy,
        w01 = fx * gy,
        w10 = gx * fy,
        w11 = fx * fy;
      const a = top + xa,
        b = top + xb,
        c = bottom + xa,
        d = bottom + xb;
      // Channels unrolled and rounding by |0: ~3× faster than a per-channel loop with Math.round.
      out[o++] = (src[a]! * w00 + src[b]! * w01 + src[c]! * w10 + src[d]! * w11 + 0.5) | 0;
      out[o++] = (src[a + 1]! * w00 + src[b + 1]! * w01 + src[c + 1]! * w10 + src[d + 1]! * w11 + 0.5) | 0;
      out[o++] = (src[a + 2]! * w00 + src[b + 2]! * w01 + src[c + 2]! * w10 + src[d + 2]! * w11 + 0.5) | 0;
    }
  }
  return createRgbImage(outW, outH, out);
}

/**
 * Crops `region` (it may extend past the image: edges are replicated) and resizes it to outW × outH.
 * Large reductions first average whole k×k blocks (no aliasing: plain bilinear at 10× reduction
 * makes the detector miss faces), then bilinear does the remaining factor below 2.
 */
export function referenceResizeRegion(img: RgbImage, region: Rect, outW: number, outH: number): RgbImage {
  const sx = region.width / outW;
  const sy = region.height / outH;
  const kx = sx >= 2 ? Math.floor(sx) : 1;
  const ky = sy >= 2 ? Math.floor(sy) : 1;
  if (kx === 1 && ky === 1) return bilinearRegion(img, region.x, region.y, sx, sy, outW, outH);
  const x0 = Math.floor(region.x);
  const y0 = Math.floor(region.y);
  const reduced = boxReduce(
    img,
    x0,
    y0,
    Math.ceil(region.x + region.width) - x0,
    Math.ceil(region.y + region.height) - y0,
    kx,
    ky,
  );
  // Reduced pixel b covers source [x0 + b·k, x0 + (b+1)·k), so a source pixel-centre coordinate X
  // sits at (X − x0 − k/2 + 0.5) / k there; with X = region.x + (o + 0.5)·s − 0.5 that is
  // (region.x − x0) / k + (o + 0.5)·(s / k) − 0.5, which bilinearRegion computes from these.
  const rx = (region.x - x0) / kx;
  const ry = (region.y - y0) / ky;
  return bilinearRegion(reduced, rx, ry, sx / kx, sy / ky, outW, outH);
}

/**
 * Warps by an affine map from OUTPUT to SOURCE coordinates (the inverse of the alignment
 * transform), bilinear, pixels outside the source are black (as ArcFace-style warps expect).
 */
export function referenceWarpAffine(img: RgbImage, outputToSource: Affine, outW: number, outH: number): RgbImage {
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

/** Makes a float32 model input from an image: channel order, scale, mean/std, layout. */
export function referenceImageToTensor(img: RgbImage, spec: TensorLayout): Float32Array {
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
