/**
 * How much a lambda may log: each line and each lambda's kept total are capped, so a log flood
 * costs the server a bounded amount of memory; a cut line says how much was cut.
 */
export const LOG_LINE_BYTES = 8 * 1024;
export const LOG_BYTES_PER_LAMBDA = 1024 * 1024;
export const LOG_LINES_PER_LAMBDA = 1000;
/** Lines a lambda may log per second; past that they are dropped and counted. */
export const LOG_LINES_PER_SECOND = 200;

/** Counts a lambda's lines per one-second window: `admit` says whether a line is kept. */
export class LogRate {
  private windowStart = -Infinity;
  private inWindow = 0;
  private dropped = 0;
  private flush: ReturnType<typeof setTimeout> | null = null;

  /** `onDropped` hears, when a window with drops ends, how many lines it dropped. */
  constructor(private readonly onDropped: (count: number) => void) {}

  admit(now: number): boolean {
    if (now - this.windowStart >= 1000) {
      this.report();
      this.windowStart = now;
      this.inWindow = 0;
    }
    if (this.inWindow < LOG_LINES_PER_SECOND) {
      this.inWindow++;
      return true;
    }
    this.dropped++;
    this.flush ??= setTimeout(() => this.report(), Math.max(0, this.windowStart + 1000 - now));
    this.flush.unref?.();
    return false;
  }

  private report(): void {
    if (this.flush) clearTimeout(this.flush);
    this.flush = null;
    if (this.dropped > 0) this.onDropped(this.dropped);
    this.dropped = 0;
  }
}

/** The line itself when short enough, else its start and a marker saying how long it was. */
export function truncateLogLine(message: string, maxBytes = LOG_LINE_BYTES): string {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: most lines need no encoding at all.
  if (message.length * 3 <= maxBytes) return message;
  const head = new TextEncoder().encode(message.slice(0, maxBytes));
  if (message.length <= maxBytes && head.length <= maxBytes) return message;
  const kept = new TextDecoder().decode(head.subarray(0, maxBytes)).replace(/\uFFFD+$/, "");
  return `${kept}… [truncated: the line had ${message.length} characters]`;
}
