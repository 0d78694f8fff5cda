/**
 * IVF (inverted file) approximate search over the int8 codes (docs/matcher.md): spherical k-means
 * centroids split the faces into clusters; a query scans only the faces of the `probes` clusters
 * whose centroids are nearest to it. Centroids live as int8 next to the codes so the same SIMD
 * kernel scores them; each keeps its own norm.
 */
import { DIMENSIONS, type Int8DotKernel } from "./int8DotKernel.ts";

export interface KernelLayout {
  /** Where the kernel reads the query (int16). */
  queryAt: number;
  centroidsAt: number;
  scoresAt: number;
}

/** A deterministic generator (LCG), so an index built twice from the same rows is the same index. */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function quantizeInto(target: Int8Array, offset: number, vector: ArrayLike<number>): void {
  let maxAbs = 0;
  for (let i = 0; i < DIMENSIONS; i++) maxAbs = Math.max(maxAbs, Math.abs(vector[i]!));
  const scale = maxAbs === 0 ? 0 : 127 / maxAbs;
  for (let i = 0; i < DIMENSIONS; i++) target[offset + i] = Math.round(vector[i]! * scale);
}

export function centroidNorms(centroids: Int8Array, clusters: number): Float32Array {
  const norms = new Float32Array(clusters);
  for (let c = 0; c < clusters; c++) {
    let sum = 0;
    for (let i = 0; i < DIMENSIONS; i++) sum += centroids[c * DIMENSIONS + i]! ** 2;
    norms[c] = Math.sqrt(sum) || 1;
  }
  return norms;
}

/** The cluster whose centroid has the highest cosine with `code` (the kernel scores all centroids at once). */
export function nearestCentroid(code: Int8Array, clusters: number, norms: Float32Array, kernel: Int8DotKernel, layout: KernelLayout): number {
  const buffer = kernel.memory.buffer;
  new Int16Array(buffer, layout.queryAt, DIMENSIONS).set(code);
  kernel.dots(layout.queryAt, layout.centroidsAt, clusters, layout.scoresAt);
  const scores = new Int32Array(buffer, layout.scoresAt, clusters);
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < clusters; c++) {
    const s = scores[c]! / norms[c]!;
    if (s > bestScore) {
      bestScore = s;
      best = c;
    }
  }
  return best;
}

/**
 * Spherical k-means: start from the first `clusters` given faces, then ROUNDS rounds of assign →
 * centroid = normalised mean. Writes int8 centroids at `layout.centroidsAt`; returns each face's cluster.
 */
const ROUNDS = 5;

function kmeans(rows: readonly number[], clusters: number, codeOf: (row: number) => Int8Array, kernel: Int8DotKernel, layout: KernelLayout, next: () => number): Int32Array {
  const centroids = new Int8Array(kernel.memory.buffer, layout.centroidsAt, clusters * DIMENSIONS);
  const sums = new Float32Array(clusters * DIMENSIONS);
  const counts = new Int32Array(clusters);
  const assignment = new Int32Array(rows.length);
  const seedFrom = (c: number, row: number) => {
    const code = codeOf(row);
    for (let d = 0; d < DIMENSIONS; d++) centroids[c * DIMENSIONS + d] = code[d]!;
  };
  for (let c = 0; c < clusters; c++) seedFrom(c, rows[c % rows.length]!);
  for (let round = 0; round <= ROUNDS; round++) {
    const norms = centroidNorms(centroids, clusters);
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < rows.length; i++) {
      const code = codeOf(rows[i]!);
      const c = nearestCentroid(code, clusters, norms, kernel, layout);
      assignment[i] = c;
      if (round === ROUNDS) continue;
      // Spherical means: each face counts as its unit vector.
      let n = 0;
      for (let d = 0; d < DIMENSIONS; d++) n += code[d]! * code[d]!;
      const inv = n === 0 ? 0 : 1 / Math.sqrt(n);
      const base = c * DIMENSIONS;
      for (let d = 0; d < DIMENSIONS; d++) sums[base + d]! += code[d]! * inv;
      counts[c]!++;
    }
    if (round === ROUNDS) break;
    for (let c = 0; c < clusters; c++) {
      // An empty cluster restarts from a random face of the sample.
      if (counts[c]) quantizeInto(centroids, c * DIMENSIONS, sums.subarray(c * DIMENSIONS, (c + 1) * DIMENSIONS));
      else seedFrom(c, rows[Math.floor(next() * rows.length)]!);
    }
  }
  return assignment;
}

/** Two levels: `top` coarse centroids, each split into `sub` leaves; faces live in leaves (top × sub clusters). */
export interface IvfShape {
  top: number;
  sub: number;
}

/** Centroids take (top + top × sub) × 512 bytes: coarse ones first, then the leaves of coarse 0, 1, … */
export const centroidSlots = (shape: IvfShape) => shape.top + shape.top * shape.sub;

/**
 * Trains both levels on a sample of at most 24 faces per leaf: k-means into `top` clusters, then
 * k-means of each cluster's sample faces into its `sub` leaves. A face is then placed by 2 × √(leaves)
 * centroid scores instead of one per leaf (16× fewer at 1024 leaves), which is what keeps building
 * an index of 1M faces to seconds (docs/matcher.md).
 */
export function trainCentroids(shape: IvfShape, rows: number, codeOf: (row: number) => Int8Array, kernel: Int8DotKernel, layout: KernelLayout, seed: number): void {
  const next = random(seed);
  const sampleSize = Math.min(rows, shape.top * shape.sub * 24);
  const taken = new Set<number>();
  const sample: number[] = [];
  while (sample.length < sampleSize) {
    const row = Math.floor(next() * rows);
    if (!taken.has(row)) {
      taken.add(row);
      sample.push(row);
    }
  }
  const coarse = kmeans(sample, shape.top, codeOf, kernel, layout, next);
  for (let t = 0; t < shape.top; t++) {
    const members = sample.filter((_, i) => coarse[i] === t);
    const leavesAt = layout.centroidsAt + (shape.top + t * shape.sub) * DIMENSIONS;
    if (members.length === 0) continue; // its leaves stay zero: never nearest, never probed for long
    kmeans(members, shape.sub, codeOf, kernel, { ...layout, centroidsAt: leavesAt }, next);
  }
}

/** The clusters' member rows, kept in step with the dense rows of the account index. */
export class IvfLists {
  private members: Int32Array[];
  private sizes: Int32Array;
  private clusterOf = new Int32Array(0);
  private slotOf = new Int32Array(0);
  readonly clusters: number;
  private readonly topNorms: Float32Array;
  /** Norms of the leaf centroids, leaf after leaf. */
  readonly norms: Float32Array;

  /** `centroids`: the trained (top + top × sub) × 512 int8 centroids (trainCentroids). */
  constructor(
    readonly shape: IvfShape,
    centroids: Int8Array,
  ) {
    this.clusters = shape.top * shape.sub;
    this.members = Array.from({ length: this.clusters }, () => new Int32Array(16));
    this.sizes = new Int32Array(this.clusters);
    this.topNorms = centroidNorms(centroids, shape.top);
    this.norms = centroidNorms(centroids.subarray(shape.top * DIMENSIONS), this.clusters);
  }

  /** Leaf of a face: its nearest coarse centroid, then that centroid's nearest leaf. */
  private leafOf(code: Int8Array, kernel: Int8DotKernel, layout: KernelLayout): number {
    const t = nearestCentroid(code, this.shape.top, this.topNorms, kernel, layout);
    const leavesAt = layout.centroidsAt + (this.shape.top + t * this.shape.sub) * DIMENSIONS;
    const leafNorms = this.norms.subarray(t * this.shape.sub, (t + 1) * this.shape.sub);
    return t * this.shape.sub + nearestCentroid(code, this.shape.sub, leafNorms, kernel, { ...layout, centroidsAt: leavesAt });
  }

  private ensureRow(row: number): void {
    if (row < this.clusterOf.length) return;
    const length = Math.max(1024, this.clusterOf.length * 2, row + 1);
    const clusterOf = new Int32Array(length).fill(-1);
    clusterOf.set(this.clusterOf);
    const slotOf = new Int32Array(length);
    slotOf.set(this.slotOf);
    this.clusterOf = clusterOf;
    this.slotOf = slotOf;
  }

  add(row: number, code: Int8Array, kernel: Int8DotKernel, layout: KernelLayout): void {
    this.ensureRow(row);
    const c = this.leafOf(code, kernel, layout);
    let list = this.members[c]!;
    if (this.sizes[c] === list.length) {
      const grown = new Int32Array(list.length * 2);
      grown.set(list);
      this.members[c] = list = grown;
    }
    const slot = this.sizes[c]!++;
    list[slot] = row;
    this.clusterOf[row] = c;
    this.slotOf[row] = slot;
  }

  remove(row: number): void {
    const c = this.clusterOf[row] ?? -1;
    if (c < 0) return;
    const list = this.members[c]!;
    const slot = this.slotOf[row]!;
    const lastSlot = --this.sizes[c]!;
    const moved = list[lastSlot]!;
    list[slot] = moved;
    this.slotOf[moved] = slot;
    this.clusterOf[row] = -1;
  }

  /** Row `from` now lives at `to` (the account index keeps its rows dense). */
  move(from: number, to: number): void {
    this.ensureRow(to);
    const c = this.clusterOf[from] ?? -1;
    if (c < 0) return;
    this.members[c]![this.slotOf[from]!] = to;
    this.clusterOf[to] = c;
    this.slotOf[to] = this.slotOf[from]!;
    this.clusterOf[from] = -1;
  }

  /** Copies the rows of the `probes` leaves nearest to the query (raw dots with every leaf centroid given) into `out`; returns how many. */
  probe(centroidDots: Int32Array, probes: number, out: Int32Array): number {
    // The `probes` best leaves by cosine, by insertion into a short sorted list (probes ≪ leaves).
    const best: number[] = [];
    const bestScore: number[] = [];
    for (let c = 0; c < this.clusters; c++) {
      if (this.sizes[c] === 0) continue;
      const score = centroidDots[c]! / this.norms[c]!;
      if (best.length === probes && score <= bestScore[probes - 1]!) continue;
      let i = best.length;
      while (i > 0 && bestScore[i - 1]! < score) i--;
      best.splice(i, 0, c);
      bestScore.splice(i, 0, score);
      if (best.length > probes) {
        best.pop();
        bestScore.pop();
      }
    }
    let n = 0;
    for (const c of best) {
      out.set(this.members[c]!.subarray(0, this.sizes[c]!), n);
      n += this.sizes[c]!;
    }
    return n;
  }

  clusterSizes(): number[] {
    return Array.from(this.sizes);
  }
}
