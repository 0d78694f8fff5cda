/**
 * At most `limit` tasks at a time, the rest waiting in order: sandboxed builds cost a process and
 * up to 2 GB each, so a burst of creations (or the rebuild of every lambda at start-up) must queue
 * rather than start them all at once.
 */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
