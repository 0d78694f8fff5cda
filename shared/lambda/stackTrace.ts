/**
 * Stack traces in the user's own terms: frames of the lambda's files read `lambda_main.ts:4:9`
 * (after the runtime's source maps), frames of the runtime itself and of the platform are
 * dropped, and no host path (temp folders, the data folder, sandbox mounts) is left in the text.
 */

export interface StackCleaning {
  /** URL or path prefixes of the lambda's own files, removed from their frames (e.g. "file:///lambda/"). */
  lambdaRoots: readonly string[];
  /** Prefixes of frames that are the runtime's, dropped (e.g. "file:///runtime/", "node:"). */
  runtimeRoots: readonly string[];
}

const FRAME = /^\s+at /;

export function cleanStack(stack: string, cleaning: StackCleaning): string {
  const lines = stack.split("\n");
  const out: string[] = [];
  for (const line of lines) {
    if (!FRAME.test(line)) {
      out.push(stripRoots(line, cleaning.lambdaRoots));
      continue;
    }
    if (cleaning.runtimeRoots.some((root) => line.includes(root))) continue;
    if (/\((node:|internal\/)|at (node:|internal\/)/.test(line)) continue;
    out.push(stripRoots(line, cleaning.lambdaRoots));
  }
  return out.join("\n");
}

function stripRoots(line: string, roots: readonly string[]): string {
  let text = line;
  for (const root of roots) text = text.split(root).join("");
  return text;
}
