/**
 * Worker threads that run the int8 dot kernel over parts of one shared WebAssembly memory, so an
 * exact 1:N scan uses every core and the event loop stays free while it runs (docs/matcher.md).
 * The workers are plain JavaScript (no loader needed under tsx or vitest); the compiled kernel
 * travels to them as a WebAssembly.Module.
 */
import { Worker } from "node:worker_threads";
import { int8DotModule } from "./int8DotKernel.ts";

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const kernels = new Map();
parentPort.on("message", (m) => {
  if (m.kind === "memory") kernels.set(m.id, new WebAssembly.Instance(workerData.module, { env: { memory: m.memory } }).exports);
  else if (m.kind === "forget") kernels.delete(m.id);
  else {
    const k = kernels.get(m.id);
    // ranges: [codes, count, out] triples, one dots() each (IVF leaves); or one range.
    if (m.ranges) for (let i = 0; i < m.ranges.length; i += 3) k.dots(m.query, m.ranges[i], m.ranges[i + 1], m.ranges[i + 2]);
    else k.dots(m.query, m.codes, m.count, m.out);
    parentPort.postMessage(m.job);
  }
});
`;

type WorkerMessage =
  | { kind: "memory"; id: number; memory: WebAssembly.Memory }
  | { kind: "forget"; id: number }
  | { kind: "dots"; job: number; id: number; query: number; codes: number; count: number; out: number }
  | { kind: "ranges"; job: number; id: number; query: number; ranges: Int32Array };

export class ScanPool {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, () => void>();
  private nextJob = 1;
  private nextMemory = 1;

  constructor(readonly size: number) {
    this.workers = Array.from({ length: size }, () => {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { module: int8DotModule(true) } });
      worker.on("message", (job: number) => {
        this.pending.get(job)?.();
        this.pending.delete(job);
      });
      worker.unref();
      return worker;
    });
  }

  private post(worker: Worker, message: WorkerMessage): void {
    worker.postMessage(message);
  }

  /** Makes a shared memory known to every worker; the id names it in later scans. */
  register(memory: WebAssembly.Memory): number {
    const id = this.nextMemory++;
    for (const w of this.workers) this.post(w, { kind: "memory", id, memory });
    return id;
  }

  forget(id: number): void {
    for (const w of this.workers) this.post(w, { kind: "forget", id });
  }

  private run(worker: Worker, message: (job: number) => WorkerMessage): Promise<void> {
    const job = this.nextJob++;
    return new Promise<void>((done) => {
      // A worker with a job in hand keeps the process alive; an idle one does not.
      worker.ref();
      this.pending.set(job, () => {
        worker.unref();
        done();
      });
      this.post(worker, message(job));
    });
  }

  /**
   * dots() over several row ranges (IVF leaves: [codes, count, out] triples), shared out so each
   * worker gets about the same number of rows.
   */
  async dotsRanges(
    memoryId: number,
    query: number,
    ranges: readonly (readonly [number, number, number])[],
  ): Promise<void> {
    const total = ranges.reduce((sum, r) => sum + r[1], 0);
    const shares: number[][] = this.workers.map(() => []);
    let given = 0;
    for (const [codes, count, out] of ranges) {
      const w = Math.min(this.workers.length - 1, Math.floor((given / Math.max(1, total)) * this.workers.length));
      shares[w]!.push(codes, count, out);
      given += count;
    }
    await Promise.all(
      this.workers.map((worker, i) =>
        shares[i]!.length === 0
          ? Promise.resolve()
          : this.run(worker, (job) => ({
              kind: "ranges",
              job,
              id: memoryId,
              query,
              ranges: Int32Array.from(shares[i]!),
            })),
      ),
    );
  }

  /** dots() over rows [0, count), split in contiguous parts, one per worker. */
  async dots(memoryId: number, query: number, codes: number, count: number, out: number): Promise<void> {
    const part = Math.ceil(count / this.workers.length);
    await Promise.all(
      this.workers.map((worker, i) => {
        const start = i * part;
        const n = Math.max(0, Math.min(part, count - start));
        if (n === 0) return Promise.resolve();
        const job = this.nextJob++;
        return new Promise<void>((done) => {
          // A worker with a job in hand keeps the process alive; an idle one does not.
          worker.ref();
          this.pending.set(job, () => {
            worker.unref();
            done();
          });
          this.post(worker, {
            kind: "dots",
            job,
            id: memoryId,
            query,
            codes: codes + start * 512,
            count: n,
            out: out + start * 4,
          });
        });
      }),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
