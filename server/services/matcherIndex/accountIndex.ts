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
  /** Rows of faces removed from the IVF-sorted rows: skipped until the next build compacts them. */
  private dead = new Uint8Array(0);
  private deadCount = 0;

  constructor(private readonly pool: ScanPool | null) {}

  /** Faces held. */
  get size(): number {
    return this.ids.length - this.deadCount;
  }

  /** Rows [0, sortedRows) are in IVF leaf order: removing one leaves a tombstone instead of moving the last row in. */
  private get sortedRows(): number {
    return this.ivf?.sortedRows ?? 0;
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
    const memory = new WebAssembly.Memory(
      shared ? { initial: pages, maximum: pages, shared: true } : { initial: pages, maximum: pages },
    );
    const oldCodes = this.memory ? new Int8Array(this.memory.buffer, this.codesAt, this.ids.length * DIMENSIONS) : null;
    const oldCentroids = this.memory
      ? new Int8Array(this.memory.buffer, QUERY_BYTES, Math.min(this.centroidSlots, centroidSlots) * DIMENSIONS)
      : null;
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
    const dead = new Uint8Array(capacity);
    dead.set(this.dead.subarray(0, this.ids.length));
    this.dead = dead;
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
    if (row !== undefined && row < this.sortedRows) {
      // A sorted row cannot change leaf in place: it becomes a tombstone, the face a new tail row.
      this.tombstone(row);
      row = undefined;
    }
    if (row === undefined) {
      if (this.ids.length === this.capacity) this.reallocate(Math.max(1024, this.capacity * 2), this.centroidSlots);
      row = this.ids.length;
      this.ids.push(faceId);
      this.rowOf.set(faceId, row);
    } else {
      this.ivf?.removeTail(row);
      for (const mask of this.lists.values()) mask[row] = 0;
    }
    this.codeView(row).set(code);
    this.norms[row] = norm(code);
    for (const listId of lists) this.maskOf(listId)[row] = 1;
    this.ivf?.addTail(row, this.codeView(row), this.kernel!, this.kernelLayout);
  }

  private tombstone(row: number): void {
    this.rowOf.delete(this.ids[row]!);
    this.ids[row] = "";
    this.dead[row] = 1;
    this.deadCount++;
    for (const mask of this.lists.values()) mask[row] = 0;
  }

  private get kernelLayout() {
    return { queryAt: 0, centroidsAt: QUERY_BYTES, scoresAt: this.scoresAt };
  }

  remove(faceId: string): boolean {
    const row = this.rowOf.get(faceId);
    if (row === undefined) return false;
    if (row < this.sortedRows) {
      this.tombstone(row);
      return true;
    }
    // Dense tail rows: the last one (a tail row too) takes the hole (code, norm, list bytes, IVF slot).
    const last = this.ids.length - 1;
    this.ivf?.removeTail(row);
    if (row !== last) {
      const lastId = this.ids[last]!;
      this.codeView(row).set(this.codeView(last));
      this.norms[row] = this.norms[last]!;
      for (const mask of this.lists.values()) mask[row] = mask[last]!;
      this.ivf?.moveTail(last, row);
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

  /**
   * Builds the IVF index over the current faces: `leaves` clusters as √leaves × √leaves (ivf.ts,
   * docs/matcher.md), then reorders the rows so each leaf's faces lie together (tombstones dropped).
   * `pause` is awaited every few thousand faces: the server passes a turn of its event loop (the
   * build of 1M faces takes seconds), while the caller keeps other work on this index waiting.
   */
  async buildIvf(leaves: number, seed = 1, pause: () => Promise<void> = async () => undefined): Promise<void> {
    if (!this.memory || this.size === 0) return;
    this.ivf = null;
    this.compact();
    const top = Math.max(1, Math.round(Math.sqrt(Math.min(leaves, this.size))));
    const shape: IvfShape = { top, sub: top };
    if (centroidSlots(shape) > this.centroidSlots) this.reallocate(this.capacity, centroidSlots(shape));
    await trainCentroids(shape, this.size, (row) => this.codeView(row), this.kernel!, this.kernelLayout, seed, pause);
    const ivf = new IvfLists(shape, new Int8Array(this.memory!.buffer, QUERY_BYTES, centroidSlots(shape) * DIMENSIONS));
    ivf.capFor(this.size);
    const rows = this.ids.length;
    const leafOf = new Int32Array(rows);
    const counts = new Int32Array(ivf.clusters);
    for (let row = 0; row < rows; row++) {
      const leaf = ivf.assign(this.codeView(row), this.kernel!, this.kernelLayout);
      leafOf[row] = leaf;
      counts[leaf]!++;
      if (row % 20_000 === 19_999) await pause();
    }
    // Counting sort: row → its place in leaf order.
    const next = new Int32Array(ivf.clusters);
    for (let c = 1; c < ivf.clusters; c++) next[c] = next[c - 1]! + counts[c - 1]!;
    const target = new Int32Array(rows);
    for (let row = 0; row < rows; row++) target[row] = next[leafOf[row]!]!++;
    this.permute(target);
    ivf.setSorted(counts);
    this.ivf = ivf;
  }

  /** Drops tombstones, keeping the live rows in order. */
  private compact(): void {
    if (this.deadCount === 0) return;
    const codes = new Int8Array(this.memory!.buffer, this.codesAt, this.ids.length * DIMENSIONS);
    let to = 0;
    for (let row = 0; row < this.ids.length; row++) {
      if (this.dead[row]) continue;
      if (to !== row) {
        codes.copyWithin(to * DIMENSIONS, row * DIMENSIONS, (row + 1) * DIMENSIONS);
        this.ids[to] = this.ids[row]!;
        this.norms[to] = this.norms[row]!;
        for (const mask of this.lists.values()) mask[to] = mask[row]!;
        this.rowOf.set(this.ids[to]!, to);
      }
      to++;
    }
    for (const mask of this.lists.values()) mask.fill(0, to);
    this.ids.length = to;
    this.dead.fill(0);
    this.deadCount = 0;
  }

  /** Moves row r to target[r] (a permutation), codes in place by following cycles. */
  private permute(target: Int32Array): void {
    const rows = target.length;
    const codes = new Int8Array(this.memory!.buffer, this.codesAt, rows * DIMENSIONS);
    const carried = new Int8Array(DIMENSIONS);
    const swap = new Int8Array(DIMENSIONS);
    const placed = new Uint8Array(rows);
    for (let start = 0; start < rows; start++) {
      if (placed[start] || target[start] === start) continue;
      carried.set(codes.subarray(start * DIMENSIONS, (start + 1) * DIMENSIONS));
      let row = start;
      while (!placed[row]) {
        placed[row] = 1;
        const to = target[row]!;
        swap.set(codes.subarray(to * DIMENSIONS, (to + 1) * DIMENSIONS));
        codes.set(carried, to * DIMENSIONS);
        carried.set(swap);
        row = to;
      }
    }
    const ids = new Array<string>(rows);
    const norms = new Float32Array(this.capacity);
    for (let row = 0; row < rows; row++) {
      ids[target[row]!] = this.ids[row]!;
      norms[target[row]!] = this.norms[row]!;
    }
    for (const [listId, mask] of this.lists) {
      const moved = new Uint8Array(this.capacity);
      for (let row = 0; row < rows; row++) moved[target[row]!] = mask[row]!;
      this.lists.set(listId, moved);
    }
    this.ids = ids;
    this.norms = norms;
    ids.forEach((id, row) => this.rowOf.set(id, row));
  }

  /** Faces per IVF leaf (empty without an IVF index). */
  ivfLeafSizes(): number[] {
    return this.ivf?.leafSizes() ?? [];
  }

  get ivfClusters(): number {
    return this.ivf?.clusters ?? 0;
  }

  async search(
    query: Int8Array,
    filter: MatchFilter,
    limit: number,
    mode: SearchMode = "exact",
    probes = 16,
  ): Promise<Match[]> {
    if (!this.memory || this.size === 0) return [];
    const top = new TopK(limit);

    const mask = filter.listId ? this.lists.get(filter.listId) : undefined;
    if (filter.listId && !mask) return [];
    if (filter.faceIds) {
      const rows = filter.faceIds
        .map((id) => this.rowOf.get(id))
        .filter((r): r is number => r !== undefined && (!mask || mask[r] === 1));
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
      // One kernel call scores the query against every centroid: coarse ones first, then the leaves.
      const ivf = this.ivf;
      const centroids = ivf.shape.top + ivf.clusters;
      this.kernel!.dots(0, QUERY_BYTES, centroids, this.scoresAt);
      const leaves = ivf.probe(new Int32Array(this.memory.buffer, this.scoresAt, centroids), probes);
      const offer = (row: number, dot: number) => {
        if (!this.dead[row] && (!mask || mask[row] === 1)) top.offer(row, dot / (this.norms[row]! || 1));
      };
      // Each leaf's sorted rows are one contiguous scan (shared by the workers when there are many);
      // its scores land at their rows' places.
      const ranges = leaves.map((leaf) => ivf.sortedRange(leaf)).filter(([start, end]) => end > start);
      const scanned = ranges.reduce((sum, [start, end]) => sum + end - start, 0);
      const triples = ranges.map(
        ([start, end]) => [this.codesAt + start * DIMENSIONS, end - start, this.scoresAt + start * 4] as const,
      );
      if (this.pool && scanned >= PARALLEL_MIN_ROWS / 4) await this.pool.dotsRanges(this.memoryId, 0, triples);
      else for (const [codes, count, out] of triples) this.kernel!.dots(0, codes, count, out);
      for (const [start, end] of ranges) {
        const scores = new Int32Array(this.memory.buffer, this.scoresAt + start * 4, end - start);
        for (let i = 0; i < end - start; i++) offer(start + i, scores[i]!);
      }
      // Faces added since the build: their rows, gathered.
      const tail = new Int32Array(this.memory.buffer, this.rowListAt, this.capacity);
      let n = 0;
      for (const leaf of leaves) {
        const rows = ivf.tailRows(leaf);
        tail.set(rows, n);
        n += rows.length;
      }
      if (n > 0) {
        this.kernel!.dotsAt(0, this.codesAt, this.rowListAt, n, this.scoresAt);
        const scores = new Int32Array(this.memory.buffer, this.scoresAt, n);
        for (let i = 0; i < n; i++) offer(tail[i]!, scores[i]!);
      }
      return this.matches(top, qNorm);
    }
    const count = this.ids.length;
    if (this.pool && count >= PARALLEL_MIN_ROWS)
      await this.pool.dots(this.memoryId, 0, this.codesAt, count, this.scoresAt);
    else this.kernel!.dots(0, this.codesAt, count, this.scoresAt);
    const scores = new Int32Array(this.memory.buffer, this.scoresAt, count);
    const norms = this.norms;
    const dead = this.dead;
    for (let row = 0; row < count; row++) {
      if ((mask && mask[row] !== 1) || dead[row]) continue;
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
