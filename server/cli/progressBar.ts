/**
 * A one-line progress bar on stderr for the command line (model download, batch work). On a
 * terminal it redraws in place; otherwise (CI logs, pipes) it prints nothing until `done`, which
 * writes one summary line, so logs stay readable.
 */
export interface ProgressBar {
  /** `done` of `total` units; `label` names the current item. */
  update(done: number, label?: string): void;
  finish(summary: string): void;
}

export function createProgressBar(
  title: string,
  total: number,
  stream: NodeJS.WriteStream = process.stderr,
): ProgressBar {
  const width = 24;
  const interactive = stream.isTTY === true;
  let last = "";
  return {
    update(done, label = "") {
      if (!interactive) return;
      const fraction = total > 0 ? Math.min(1, done / total) : 1;
      const filled = Math.round(fraction * width);
      const line = `${title} [${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} ${label}`.slice(
        0,
        (stream.columns ?? 100) - 1,
      );
      if (line === last) return;
      last = line;
      stream.write(`\r\x1b[2K${line}`);
    },
    finish(summary) {
      stream.write(`${interactive ? "\r\x1b[2K" : ""}${title}: ${summary}\n`);
    },
  };
}
