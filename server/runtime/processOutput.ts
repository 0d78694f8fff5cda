/** A child's stdout and stderr, each kept to a bounded size, and how it ended. */
import type { ChildProcess } from "node:child_process";

export interface ProcessOutput {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Keeps the last `maxBytes` of each stream: a process that prints without end costs no more. */
export function collectOutput(child: ChildProcess, maxBytes = 1024 * 1024): Promise<ProcessOutput> {
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => (stdout = (stdout + chunk.toString()).slice(-maxBytes)));
  child.stderr?.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-maxBytes)));
  return new Promise((resolve) => {
    child.on("error", (error) => resolve({ stdout, stderr: `${stderr}\n${error.message}`, code: null, signal: null }));
    child.on("close", (code, signal) => resolve({ stdout, stderr, code, signal }));
  });
}
