/**
 * One account's face descriptors in memory, for 1:N matching without the database (docs/matcher.md).
 * Each face is its sdk_descriptor's 512 int8 components (version 900), kept in one WebAssembly
 * memory so the SIMD kernel scans them: cosine = dot(q, c) / (|q|·|c|), exactly the cosine of the
 * stored vectors (quantisation is scale-invariant: shared/luna/descriptor.ts).
 *
 * Layout of the memory: [query as int16: 1 KiB][IVF centroids: slots × 512][codes: capacity × 512]
 * [scores: capacity × int32][row list: capacity × int32]. Rows stay dense: removing a face moves
 * the last row into its place.
 */
import { DIMENSIONS, instantiateInt8Dot, type Int8DotKernel } from "./int8DotKernel.ts";
import { centroidSlots, IvfLists, trainCentroids, type IvfShape } from "./ivf.ts";
import type { ScanPool } from "./scanPool.ts";

const QUERY_BYTES = DIMENSIONS * 2;
const PAGE_BYTES = 65536;
/** Below this many rows a scan is a few milliseconds on the event loop; above it the workers share it. */
const PARALLEL_MIN_ROWS = 65536;

export interface Match {
  faceId: string;
  cosine: number;
}

export interface MatchFilter {
  listId?: string;
  faceIds?: readonly string[];
}

export type SearchMode = "exact" | "ivf";

function norm(code: Int8Array): number {
  let sum = 0;
  for (let i = 0; i < code.length; i++) sum += code[i]! * code[i]!;
  return Math.sqrt(sum);
}

/** Keeps the `limit` best (row, score) pairs, best first. */
class TopK {
  readonly rows: number[] = [];
  readonly scores: number[] = [];
  constructor(private readonly limit: number) {}
  get floor(): number {
    return this.rows.length < this.limit ? -Infinity : this.scores[this.scores.length - 1]!;
  }
  offer(row: number, score: number): void {
    if (score <= this.floor) return;
    let i = this.scores.length;
    while (i > 0 && this.scores[i - 1]! < score) i--;
    this.rows.splice(i, 0, row);
    this.scores.splice(i, 0, score);
    if (this.rows.length > this.limit) {
      this.rows.pop();
      this.scores.pop();
    }
  }
}

export class AccountIndex {
  private capacity = 0;
  private centroidSlots = 0;
  private memory: WebAssembly.Memory | null = null;
  private memoryId = 0;
  private kernel: Int8DotKernel | null = null;
  private ids: string[] = [];
  private readonly rowOf = new Map<string, number>();
  private norms = new Float32Array(0);
  /** Per list: one byte per row, 1 = the row's face is in the list. */
  private readonly lists = new Map<string, Uint8Array>();
  private ivf: IvfLists | null = null;

  constructor(private readonly pool: ScanPool | null) {}

  get size(): number {
    return this.ids.length;
  }

  has(faceId: string): boolean {
    return this.rowOf.has(faceId);
  }

  private get codesAt(): number {
    return QUERY_BYTES + this.centroidSlots * DIMENSIONS;
  }
  private get scoresAt(): number {
    return this.codesAt + this.capacity * DIMENSIONS;
  }
  private get rowListAt(): number {
    return this.scoresAt + this.capacity * 4;
  }

  /** A new memory of the given capacity (WebAssembly memories cannot shrink or move: shared ones cannot grow past their maximum). */
  private reallocate(capacity: number, centroidSlots: number): void {
    const bytes = QUERY_BYTES + centroidSlots * DIMENSIONS + capacity * (DIMENSIONS + 8);
    const pages = Math.ceil(bytes / PAGE_BYTES);
    const shared = this.pool !== null;
    const memory = new WebAssembly.Memory(shared ? { initial: pages, maximum: pages, shared: true } : { initial: pages, maximum: pages });
    const oldCodes = this.memory ? new Int8Array(this.memory.buffer, this.codesAt, this.ids.length * DIMENSIONS) : null;
    const oldCentroids = this.memory ? new Int8Array(this.memory.buffer, QUERY_BYTES, Math.min(this.centroidSlots, centroidSlots) * DIMENSIONS) : null;
    const newCodesAt = QUERY_BYTES + centroidSlots * DIMENSIONS;
    if (oldCodes) new Int8Array(memory.buffer, newCodesAt, oldCodes.length).set(oldCodes);
    if (oldCentroids) new Int8Array(memory.buffer, QUERY_BYTES, oldCentroids.length).set(oldCentroids);
    if (this.pool && this.memoryId) this.pool.forget(this.memoryId);
    this.memory = memory;
    this.memoryId = this.pool ? this.pool.register(memory) : 0;
    this.kernel = instantiateInt8Dot(memory, shared);
    this.capacity = capacity;
    this.centroidSlots = centroidSlots;
    const norms = new Float32Array(capacity);
    norms.set(this.norms.subarray(0, this.ids.length));
    this.norms = norms;
    for (const [listId, mask] of this.lists) {
      const grown = new Uint8Array(capacity);
      grown.set(mask.subarray(0, Math.min(mask.length, capacity)));
      this.lists.set(listId, grown);
    }
  }

  private codeView(row: number): Int8Array {
    return new Int8Array(this.memory!.buffer, this.codesAt + row * DIMENSIONS, DIMENSIONS);
  }

  /** Makes room for `rows` faces at once (the bulk load knows the count: no doubling, no copy). */
  reserve(rows: number): void {
    if (rows > this.capacity) this.reallocate(rows, this.centroidSlots);
  }

  /** A copy of a face's stored code, or null. */
  code(faceId: string): Int8Array | null {
    const row = this.rowOf.get(faceId);
    return row === undefined ? null : Int8Array.from(this.codeView(row));
  }

  /** Adds (or replaces) a face's descriptor payload (512 int8) with its lists. */
  upsert(faceId: string, code: Int8Array, lists: Iterable<string> = []): void {
    if (code.length !== DIMENSIONS) throw new Error(`a descriptor has ${DIMENSIONS} components, got ${code.length}`);
    let row = this.rowOf.get(faceId);
    if (row === undefined) {
      if (this.ids.length === this.capacity) this.reallocate(Math.max(1024, this.capacity * 2), this.centroidSlots);
      row = this.ids.length;
      this.ids.push(faceId);
      this.rowOf.set(faceId, row);
    } else {
      this.ivf?.remove(row);
      for (const mask of this.lists.values()) mask[row] = 0;
    }
    this.codeView(row).set(code);
    this.norms[row] = norm(code);
    for (const listId of lists) this.maskOf(listId)[row] = 1;
    this.ivf?.add(row, this.codeView(row), this.kernel!, this.kernelLayout);
  }

  private get kernelLayout() {
    return { queryAt: 0, centroidsAt: QUERY_BYTES, scoresAt: this.scoresAt };
  }

  remove(faceId: string): boolean {
    const row = this.rowOf.get(faceId);
    if (row === undefined) return false;
    const last = this.ids.length - 1;
    this.ivf?.remove(row);
    if (row !== last) {
      // Dense rows: the last one takes the hole (its code, norm, list bytes and IVF slot).
      const lastId = this.ids[last]!;
      this.codeView(row).set(this.codeView(last));
      this.norms[row] = this.norms[last]!;
      for (const mask of this.lists.values()) mask[row] = mask[last]!;
      this.ivf?.move(last, row);
      this.ids[row] = lastId;
      this.rowOf.set(lastId, row);
    }
    for (const mask of this.lists.values()) mask[last] = 0;
    this.ids.pop();
    this.rowOf.delete(faceId);
    return true;
  }

  private maskOf(listId: string): Uint8Array {
    let mask = this.lists.get(listId);
    if (!mask) {
      mask = new Uint8Array(this.capacity);
      this.lists.set(listId, mask);
    }
    return mask;
  }

  setListMembership(listId: string, faceId: string, member: boolean): void {
    const row = this.rowOf.get(faceId);
    if (row === undefined) return;
    this.maskOf(listId)[row] = member ? 1 : 0;
  }

  dropList(listId: string): void {
    this.lists.delete(listId);
  }

  /** Writes the query, widened to int16, where the kernel reads it; returns |q|. */
  private loadQuery(query: Int8Array): number {
    new Int16Array(this.memory!.buffer, 0, DIMENSIONS).set(query);
    return norm(query);
  }

  /** Builds the IVF lists over the current rows: `leaves` clusters as √leaves × √leaves (ivf.ts, docs/matcher.md). */
  buildIvf(leaves: number, seed = 1): void {
    if (!this.memory || this.size === 0) return;
    const top = Math.max(1, Math.round(Math.sqrt(Math.min(leaves, this.size))));
    const shape: IvfShape = { top, sub: top };
    if (centroidSlots(shape) > this.centroidSlots) this.reallocate(this.capacity, centroidSlots(shape));
    trainCentroids(shape, this.size, (row) => this.codeView(row), this.kernel!, this.kernelLayout, seed);
    const ivf = new IvfLists(shape, new Int8Array(this.memory!.buffer, QUERY_BYTES, centroidSlots(shape) * DIMENSIONS));
    for (let row = 0; row < this.size; row++) ivf.add(row, this.codeView(row), this.kernel!, this.kernelLayout);
    this.ivf = ivf;
  }

  /** Faces per IVF leaf (empty without an IVF index). */
  ivfLeafSizes(): number[] {
    return this.ivf?.clusterSizes() ?? [];
  }

  get ivfClusters(): number {
    return this.ivf?.clusters ?? 0;
  }

  async search(query: Int8Array, filter: MatchFilter, limit: number, mode: SearchMode = "exact", probes = 16): Promise<Match[]> {
    if (!this.memory || this.size === 0) return [];
    const top = new TopK(limit);
    const mask = filter.listId ? this.lists.get(filter.listId) : undefined;
    if (filter.listId && !mask) return [];
    if (filter.faceIds) {
      const rows = filter.faceIds.map((id) => this.rowOf.get(id)).filter((r): r is number => r !== undefined && (!mask || mask[r] === 1));
      if (rows.length === 0) return [];
      const qNorm = this.loadQuery(query);
      new Int32Array(this.memory.buffer, this.rowListAt, rows.length).set(rows);
      this.kernel!.dotsAt(0, this.codesAt, this.rowListAt, rows.length, this.scoresAt);
      const scores = new Int32Array(this.memory.buffer, this.scoresAt, rows.length);
      rows.forEach((row, i) => top.offer(row, scores[i]! / (this.norms[row]! || 1)));
      return this.matches(top, qNorm);
    }
    const qNorm = this.loadQuery(query);
    if (mode === "ivf" && this.ivf) {
      // Score every leaf centroid at once (they follow the coarse ones).
      this.kernel!.dots(0, QUERY_BYTES + this.ivf.shape.top * DIMENSIONS, this.ivf.clusters, this.scoresAt);
      const centroidScores = new Int32Array(this.memory.buffer, this.scoresAt, this.ivf.clusters);
      const rows = this.ivf.probe(centroidScores, probes, new Int32Array(this.memory.buffer, this.rowListAt, this.capacity));
      this.kernel!.dotsAt(0, this.codesAt, this.rowListAt, rows, this.scoresAt);
      const scores = new Int32Array(this.memory.buffer, this.scoresAt, rows);
      const rowList = new Int32Array(this.memory.buffer, this.rowListAt, rows);
      for (let i = 0; i < rows; i++) {
        const row = rowList[i]!;
        if (!mask || mask[row] === 1) top.offer(row, scores[i]! / (this.norms[row]! || 1));
      }
      return this.matches(top, qNorm);
    }
    const count = this.size;
    if (this.pool && count >= PARALLEL_MIN_ROWS) await this.pool.dots(this.memoryId, 0, this.codesAt, count, this.scoresAt);
    else this.kernel!.dots(0, this.codesAt, count, this.scoresAt);
    const scores = new Int32Array(this.memory.buffer, this.scoresAt, count);
    const norms = this.norms;
    for (let row = 0; row < count; row++) {
      if (mask && mask[row] !== 1) continue;
      const score = scores[row]! / (norms[row]! || 1);
      if (score > top.floor) top.offer(row, score);
    }
    return this.matches(top, qNorm);
  }

  private matches(top: TopK, qNorm: number): Match[] {
    return top.rows.map((row, i) => ({ faceId: this.ids[row]!, cosine: qNorm === 0 ? 0 : top.scores[i]! / qNorm }));
  }

  /** Bytes this index holds (codes, scores, row list, centroids; not the ids). */
  get memoryBytes(): number {
    return this.memory?.buffer.byteLength ?? 0;
  }

  close(): void {
    if (this.pool && this.memoryId) this.pool.forget(this.memoryId);
    this.memory = null;
    this.kernel = null;
  }
}
