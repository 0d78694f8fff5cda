/**
 * CPU time and resident memory of a process and everything below it, read from Linux's /proc
 * (a sandboxed lambda is bwrap → its pid 1 → node). Elsewhere it answers null and the watchdog
 * that uses it stands down.
 */
import { readFileSync } from "node:fs";

export interface TreeUsage {
  /** user + system CPU time of all processes in the tree, in milliseconds. */
  cpuMs: number;
  /** Resident memory of all processes in the tree, in bytes. */
  rssBytes: number;
}

// USER_HZ is 100 on every Linux architecture Node runs on (proc(5)).
const MS_PER_TICK = 10;
const PAGE_BYTES = 4096;

function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8")
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
  return children.flatMap((child) => [child, ...descendants(child)]);
}

function usageOf(pid: number): TreeUsage | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    const rssPages = Number(fields[21]);
    return { cpuMs: (utime + stime) * MS_PER_TICK, rssBytes: rssPages * PAGE_BYTES };
  } catch {
    return null;
  }
}

export function treeUsage(pid: number): TreeUsage | null {
  if (process.platform !== "linux") return null;
  const root = usageOf(pid);
  if (!root) return null;
  for (const child of descendants(pid)) {
    const usage = usageOf(child);
    if (!usage) continue;
    root.cpuMs += usage.cpuMs;
    root.rssBytes += usage.rssBytes;
  }
  return root;
}
