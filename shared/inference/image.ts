/**
 * Pure-TypeScript image operations on interleaved 8-bit RGB images. Every model input is made here,
 * so the server (ORT-node) and the browser (ORT-web) feed byte-identical tensors.
 */
import type { ChannelOrder, Normalisation } from "./modelSpec.ts";

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
  const out = new Uint8Array(outW * outH * 3);
  const inverseArea = 1 / (kx * ky);
  const n = outW * 3;
  if (x0 >= 0 && x0 + outW * kx <= img.width) {
    // Every column inside the image (the usual case): each output byte sums its block straight from
    // the source rows, no index table and no accumulator row. Same integer sums, same rounding.
    const rows = new Int32Array(ky);
    const step = kx * 3;
    // Word views for the 2:1 row merge (the source's byte offset must be word-aligned for them).
    const words =
      kx === 1 && ky === 2 && (src.byteOffset & 3) === 0
        ? new Uint32Array(src.buffer, src.byteOffset, src.byteLength >> 2)
        : null;
    const outWords = words ? new Uint32Array(out.buffer, 0, out.length >> 2) : null;
    for (let by = 0, o = 0; by < outH; by++) {
      for (let j = 0; j < ky; j++) rows[j] = clampIndex(y0 + by * ky + j, img.height) * stride + x0 * 3;
      if (kx === 1 && ky === 2) {
        // e.g. 512×512 → 320×240: pairs of rows. ((a + b) · 0.5 + 0.5) | 0 is (a + b + 1) >> 1, so four
        // bytes at a time (two 16-bit lanes per word) when both rows and the output are word-aligned.
        const r0 = rows[0]!;
        const r1 = rows[1]!;
        let k = 0;
        if (words && (r0 & 3) === 0 && (r1 & 3) === 0 && (o & 3) === 0) {
          const w0 = r0 >> 2;
          const w1 = r1 >> 2;
          const wo = o >> 2;
          const count = n >> 2;
          for (let q = 0; q < count; q++) {
            const a = words[w0 + q]!;
            const b = words[w1 + q]!;
            const lo = (((a & 0x00ff00ff) + (b & 0x00ff00ff) + 0x00010001) >>> 1) & 0x00ff00ff;
            const hi = ((((a >>> 8) & 0x00ff00ff) + ((b >>> 8) & 0x00ff00ff) + 0x00010001) >>> 1) & 0x00ff00ff;
            outWords![wo + q] = lo | (hi << 8);
          }
          k = count << 2;
          o += k;
        }
        for (; k < n; k++) out[o++] = ((src[r0 + k]! + src[r1 + k]!) * inverseArea + 0.5) | 0;
        continue;
      }
      for (let bx = 0; bx < outW; bx++, o += 3) {
        let r = 0,
          g = 0,
          b = 0;
        const dx = bx * step;
        for (let j = 0; j < ky; j++) {
          for (let p = rows[j]! + dx, end = p + step; p < end; p += 3) {
            r += src[p]!;
            g += src[p + 1]!;
            b += src[p + 2]!;
          }
        }
        out[o] = (r * inverseArea + 0.5) | 0;
        out[o + 1] = (g * inverseArea + 0.5) | 0;
        out[o + 2] = (b * inverseArea + 0.5) | 0;
      }
    }
    return createRgbImage(outW, outH, out);
  }
  const acc = new Uint32Array(outW * 3);
  const cols = new Int32Array(outW * kx);
  for (let i = 0; i < cols.length; i++) cols[i] = clampIndex(x0 + i, img.width) * 3;
  for (let by = 0; by < outH; by++) {
    acc.fill(0);
    for (let j = 0; j < ky; j++) {
      const row = clampIndex(y0 + by * ky + j, img.height) * stride;
      if (kx === 1) {
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
 * The columns every output row of a bilinear resample reads: for output column o, the byte offsets
 * of its two source pixels and the weight of the right one (edges replicated).
 */
function bilinearColumns(
  width: number,
  rx: number,
  sx: number,
  outW: number,
): { x0s: Int32Array; x1s: Int32Array; fxs: Float32Array } {
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
  return { x0s, x1s, fxs };
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
  const { x0s, x1s, fxs } = bilinearColumns(width, rx, sx, outW);
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
export function resizeRegion(img: RgbImage, region: Rect, outW: number, outH: number): RgbImage {
  const { source, rx, ry, sx, sy } = reduceForResize(img, region, outW, outH);
  return bilinearRegion(source, rx, ry, sx, sy, outW, outH);
}

/** The block-average step of resizeRegion, and where its bilinear step then samples. */
function reduceForResize(
  img: RgbImage,
  region: Rect,
  outW: number,
  outH: number,
): { source: RgbImage; rx: number; ry: number; sx: number; sy: number } {
  const sx = region.width / outW;
  const sy = region.height / outH;
  const kx = sx >= 2 ? Math.floor(sx) : 1;
  const ky = sy >= 2 ? Math.floor(sy) : 1;
  if (kx === 1 && ky === 1) return { source: img, rx: region.x, ry: region.y, sx, sy };
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
  return { source: reduced, rx: (region.x - x0) / kx, ry: (region.y - y0) / ky, sx: sx / kx, sy: sy / ky };
}

/**
 * resizeRegion + imageToTensor in one pass for RGB/BGR planar (NCHW) inputs: each resized byte goes
 * straight through the channel tables into the tensor, with no intermediate image. Bit-identical to
 * `imageToTensor(resizeRegion(img, region, outW, outH), spec)` (tested); other layouts take that path.
 */
export function regionToTensor(
  img: RgbImage,
  region: Rect,
  outW: number,
  outH: number,
  spec: TensorLayout,
): Float32Array {
  if (spec.channels === "grey" || spec.layout === "nhwc")
    return imageToTensor(resizeRegion(img, region, outW, outH), spec);
  const { source, rx, ry, sx, sy } = reduceForResize(img, region, outW, outH);
  const { width, height } = source;
  const { x0s, x1s, fxs } = bilinearColumns(width, rx, sx, outW);
  const { tables, order } = channelTables(spec);
  const [t0, t1, t2] = tables;
  const [s0, s1, s2] = order;
  const src = source.data;
  const stride = width * 3;
  const plane = outW * outH;
  const out = new Float32Array(plane * 3);
  let i = 0;
  for (let oy = 0; oy < outH; oy++) {
    const y = Math.min(Math.max(ry + (oy + 0.5) * sy - 0.5, 0), height - 1);
    const y0 = Math.floor(y);
    const fy = y - y0;
    const gy = 1 - fy;
    const top = y0 * stride;
    const bottom = Math.min(y0 + 1, height - 1) * stride;
    for (let ox = 0; ox < outW; ox++, i++) {
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
      const v0 = (src[a + s0]! * w00 + src[b + s0]! * w01 + src[c + s0]! * w10 + src[d + s0]! * w11 + 0.5) | 0;
      const v1 = (src[a + s1]! * w00 + src[b + s1]! * w01 + src[c + s1]! * w10 + src[d + s1]! * w11 + 0.5) | 0;
      const v2 = (src[a + s2]! * w00 + src[b + s2]! * w01 + src[c + s2]! * w10 + src[d + s2]! * w11 + 0.5) | 0;
      out[i] = t0[v0]!;
      out[plane + i] = t1[v1]!;
      out[2 * plane + i] = t2[v2]!;
    }
  }
  return out;
}

/**
 * Warps by an affine map from OUTPUT to SOURCE coordinates (the inverse of the alignment
 * transform), bilinear, pixels outside the source are black (as ArcFace-style warps expect).
 */
export function warpAffine(img: RgbImage, outputToSource: Affine, outW: number, outH: number): RgbImage {
  const [a, b, c, d, e, f] = outputToSource;
  const out = new Uint8Array(outW * outH * 3);
  const { width, height, data: src } = img;
  const maxX = width - 1;
  const maxY = height - 1;
  for (let oy = 0, o = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++, o += 3) {
      const x = a * ox + b * oy + c;
      const y = d * ox + e * oy + f;
      if (x < -0.5 || y < -0.5 || x > width - 0.5 || y > height - 0.5) continue;
      // Bilinear with edge replication, inlined; Math.fround keeps the float32 rounding the
      // sampler's Float32Array gave before, so the warp stays byte-identical.
      const xc = x < 0 ? 0 : x > maxX ? maxX : x;
      const yc = y < 0 ? 0 : y > maxY ? maxY : y;
      const x0 = xc | 0; // xc ≥ 0: truncation is Math.floor
      const y0 = yc | 0;
      const x1 = x0 < maxX ? x0 + 1 : maxX;
      const y1 = y0 < maxY ? y0 + 1 : maxY;
      const fx = xc - x0;
      const fy = yc - y0;
      const i00 = (y0 * width + x0) * 3;
      const i01 = (y0 * width + x1) * 3;
      const i10 = (y1 * width + x0) * 3;
      const i11 = (y1 * width + x1) * 3;
      // Math.round of a non-negative float32 is (v + 0.5) | 0 exactly (v + 0.5 is exact in float64).
      let top = src[i00]! + (src[i01]! - src[i00]!) * fx;
      let bottom = src[i10]! + (src[i11]! - src[i10]!) * fx;
      out[o] = (Math.fround(top + (bottom - top) * fy) + 0.5) | 0;
      top = src[i00 + 1]! + (src[i01 + 1]! - src[i00 + 1]!) * fx;
      bottom = src[i10 + 1]! + (src[i11 + 1]! - src[i10 + 1]!) * fx;
      out[o + 1] = (Math.fround(top + (bottom - top) * fy) + 0.5) | 0;
      top = src[i00 + 2]! + (src[i01 + 2]! - src[i00 + 2]!) * fx;
      bottom = src[i10 + 2]! + (src[i11 + 2]! - src[i10 + 2]!) * fx;
      out[o + 2] = (Math.fround(top + (bottom - top) * fy) + 0.5) | 0;
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
  const { tables, order } = channelTables(spec);
  const [t0, t1, t2] = tables;
  const [s0, s1, s2] = order;
  const out = new Float32Array(plane * 3);
  if (nhwc) {
    for (let i = 0, j = 0; i < plane; i++, j += 3) {
      out[j] = t0[data[j + s0]!]!;
      out[j + 1] = t1[data[j + s1]!]!;
      out[j + 2] = t2[data[j + s2]!]!;
    }
    return out;
  }
  for (let i = 0, j = 0; i < plane; i++, j += 3) {
    out[i] = t0[data[j + s0]!]!;
    out[plane + i] = t1[data[j + s1]!]!;
    out[2 * plane + i] = t2[data[j + s2]!]!;
  }
  return out;
}

/**
 * Per output channel: its source channel and a table of the normalised float for each byte value,
 * computed by the same expression per value as an element-wise loop would (bit-identical), so the
 * tensor costs one lookup per element instead of two divisions.
 */
function channelTables(spec: TensorLayout): {
  tables: [Float32Array, Float32Array, Float32Array];
  order: [number, number, number];
} {
  const { scale, mean, std } = spec.normalisation;
  const order: [number, number, number] = spec.channels === "bgr" ? [2, 1, 0] : [0, 1, 2];
  const table = (c: number) => {
    const m = mean[c] ?? mean[0] ?? 0;
    const s = std[c] ?? std[0] ?? 1;
    const t = new Float32Array(256);
    for (let v = 0; v < 256; v++) t[v] = (v / scale - m) / s;
    return t;
  };
  return { tables: [table(0), table(1), table(2)], order };
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
