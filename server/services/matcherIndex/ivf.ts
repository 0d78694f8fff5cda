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
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
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
export function nearestCentroid(
  code: Int8Array,
  clusters: number,
  norms: Float32Array,
  kernel: Int8DotKernel,
  layout: KernelLayout,
  allowed: (cluster: number) => boolean = () => true,
): number {
  const buffer = kernel.memory.buffer;
  new Int16Array(buffer, layout.queryAt, DIMENSIONS).set(code);
  kernel.dots(layout.queryAt, layout.centroidsAt, clusters, layout.scoresAt);
  const scores = new Int32Array(buffer, layout.scoresAt, clusters);
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < clusters; c++) {
    const s = scores[c]! / norms[c]!;
    if (s > bestScore && allowed(c)) {
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
/** Caps on faces per coarse cluster and per leaf, as a multiple of the mean (IvfLists). */
const CAP = 1.5;

async function kmeans(
  rows: readonly number[],
  clusters: number,
  codeOf: (row: number) => Int8Array,
  kernel: Int8DotKernel,
  layout: KernelLayout,
  next: () => number,
  pause: () => Promise<void>,
): Promise<Int32Array> {
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
    await pause();
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
export async function trainCentroids(
  shape: IvfShape,
  rows: number,
  codeOf: (row: number) => Int8Array,
  kernel: Int8DotKernel,
  layout: KernelLayout,
  seed: number,
  pause: () => Promise<void>,
): Promise<void> {
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
  const coarse = await kmeans(sample, shape.top, codeOf, kernel, layout, next, pause);
  for (let t = 0; t < shape.top; t++) {
    const members = sample.filter((_, i) => coarse[i] === t);
    const leavesAt = layout.centroidsAt + (shape.top + t * shape.sub) * DIMENSIONS;
    if (members.length === 0) continue; // its leaves stay zero: never nearest, never probed for long
    await kmeans(members, shape.sub, codeOf, kernel, { ...layout, centroidsAt: leavesAt }, next, pause);
  }
}

/**
 * Which faces are in which leaf. At build time the account index puts each leaf's faces next to
 * each other (rows [leafStart[c], leafStart[c + 1])), so a probe scans contiguous memory: scattered
 * rows cost 7× more per face (cache and TLB misses, measured). Faces added later are "tail" rows,
 * listed per leaf; faces removed from the sorted rows are tombstones the index skips.
 */
export class IvfLists {
  readonly clusters: number;
  private readonly topNorms: Float32Array;
  /** Norms of the leaf centroids, leaf after leaf. */
  readonly norms: Float32Array;
  /** Faces per leaf and per coarse cluster (sorted + tail), for the caps. */
  private readonly sizes: Int32Array;
  private readonly coarseSizes: Int32Array;
  /** Leaf c's sorted rows are [leafStart[c], leafStart[c + 1]). */
  private leafStart: Int32Array;
  private tails: Int32Array[];
  private tailSizes: Int32Array;
  private clusterOf = new Int32Array(0);
  private slotOf = new Int32Array(0);
  /**
   * Caps on faces per coarse cluster and per leaf (1.5 × the mean): on data without natural clusters
   * k-means makes a few large ones, which queries then probe first (docs/matcher.md). A face whose
   * nearest is full goes to its nearest with room.
   */
  private maxCoarse = Infinity;
  private maxLeaf = Infinity;

  /** `centroids`: the trained (top + top × sub) × 512 int8 centroids (trainCentroids). */
  constructor(
    readonly shape: IvfShape,
    centroids: Int8Array,
  ) {
    this.clusters = shape.top * shape.sub;
    this.topNorms = centroidNorms(centroids, shape.top);
    this.norms = centroidNorms(centroids.subarray(shape.top * DIMENSIONS), this.clusters);
    this.sizes = new Int32Array(this.clusters);
    this.coarseSizes = new Int32Array(shape.top);
    this.leafStart = new Int32Array(this.clusters + 1);
    this.tails = Array.from({ length: this.clusters }, () => new Int32Array(8));
    this.tailSizes = new Int32Array(this.clusters);
  }

  get sortedRows(): number {
    return this.leafStart[this.clusters]!;
  }

  /** Sizes the caps for `faces` faces. */
  capFor(faces: number): void {
    this.maxCoarse = Math.ceil((CAP * faces) / this.shape.top);
    this.maxLeaf = Math.ceil((CAP * faces) / this.clusters);
  }

  /** The leaf a face goes to (its nearest coarse centroid with room, then its nearest leaf there with room), counted. */
  assign(code: Int8Array, kernel: Int8DotKernel, layout: KernelLayout): number {
    const { top, sub } = this.shape;
    let t = nearestCentroid(code, top, this.topNorms, kernel, layout, (c) => this.coarseSizes[c]! < this.maxCoarse);
    if (this.coarseSizes[t]! >= this.maxCoarse) t = nearestCentroid(code, top, this.topNorms, kernel, layout);
    const at = { ...layout, centroidsAt: layout.centroidsAt + (top + t * sub) * DIMENSIONS };
    const leafNorms = this.norms.subarray(t * sub, (t + 1) * sub);
    let s = nearestCentroid(code, sub, leafNorms, kernel, at, (c) => this.sizes[t * sub + c]! < this.maxLeaf);
    if (this.sizes[t * sub + s]! >= this.maxLeaf) s = nearestCentroid(code, sub, leafNorms, kernel, at);
    const leaf = t * sub + s;
    this.sizes[leaf]!++;
    this.coarseSizes[t]!++;
    return leaf;
  }

  /** After the build's assign() of every face: the rows are now sorted by leaf, `counts[c]` in leaf c. */
  setSorted(counts: Int32Array): void {
    let at = 0;
    for (let c = 0; c < this.clusters; c++) {
      this.leafStart[c] = at;
      at += counts[c]!;
    }
    this.leafStart[this.clusters] = at;
  }

  sortedRange(leaf: number): [number, number] {
    return [this.leafStart[leaf]!, this.leafStart[leaf + 1]!];
  }

  tailRows(leaf: number): Int32Array {
    return this.tails[leaf]!.subarray(0, this.tailSizes[leaf]!);
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

  /** A face added after the build (a row past the sorted ones). */
  addTail(row: number, code: Int8Array, kernel: Int8DotKernel, layout: KernelLayout): void {
    this.ensureRow(row);
    const c = this.assign(code, kernel, layout);
    let list = this.tails[c]!;
    if (this.tailSizes[c] === list.length) {
      const grown = new Int32Array(list.length * 2);
      grown.set(list);
      this.tails[c] = list = grown;
    }
    const slot = this.tailSizes[c]!++;
    list[slot] = row;
    this.clusterOf[row] = c;
    this.slotOf[row] = slot;
  }

  removeTail(row: number): void {
    const c = this.clusterOf[row] ?? -1;
    if (c < 0) return;
    const list = this.tails[c]!;
    const slot = this.slotOf[row]!;
    const lastSlot = --this.tailSizes[c]!;
    const moved = list[lastSlot]!;
    list[slot] = moved;
    this.slotOf[moved] = slot;
    this.clusterOf[row] = -1;
    this.sizes[c]!--;
    this.coarseSizes[Math.floor(c / this.shape.sub)]!--;
  }

  /** Tail row `from` now lives at `to` (the index keeps its tail rows dense). */
  moveTail(from: number, to: number): void {
    this.ensureRow(to);
    const c = this.clusterOf[from] ?? -1;
    if (c < 0) return;
    this.tails[c]![this.slotOf[from]!] = to;
    this.clusterOf[to] = c;
    this.slotOf[to] = this.slotOf[from]!;
    this.clusterOf[from] = -1;
  }

  /**
   * The leaves to scan, probing the way faces were placed: the query's best ≈√probes coarse
   * centroids, then in each its best leaves (≈ probes in all). `dots`: the query's raw dots with all
   * (top + leaves) centroids in order. (Ranking all leaves at once found the stored face less often:
   * recall@1 0.92 against 0.98 at 128 of 1024 leaves on the bench's data.)
   */
  probe(dots: Int32Array, probes: number): number[] {
    const { top, sub } = this.shape;
    const coarse = Math.min(top, Math.max(1, Math.round(Math.sqrt(probes))));
    const perCoarse = Math.min(sub, Math.max(1, Math.round(probes / coarse)));
    const best = (score: (i: number) => number, count: number, take: number): number[] =>
      Array.from({ length: count }, (_, i) => i)
        .sort((a, b) => score(b) - score(a))
        .slice(0, take);
    const leaves: number[] = [];
    for (const t of best((i) => dots[i]! / this.topNorms[i]!, top, coarse)) {
      for (const s of best((i) => dots[top + t * sub + i]! / this.norms[t * sub + i]!, sub, perCoarse))
        leaves.push(t * sub + s);
    }
    return leaves;
  }

  leafSizes(): number[] {
    return Array.from(this.sizes);
  }
}
