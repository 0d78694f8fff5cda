/**
 * A cgroup per lambda process, where this machine lets the server make one (cgroup v1 memory and
 * pids controllers writable, as for root in a container): a hard cap on all resident memory and on
 * the number of tasks, enforced by the kernel. RLIMIT_AS cannot be that cap for Node — fetch's
 * HTTP parser and Pyodide are WebAssembly, which reserves ~10 GB of address space per memory — so
 * where no cgroup can be made, the sandbox's watchdog reads resident memory from /proc instead.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const V1_ROOT = "/sys/fs/cgroup";

export interface LambdaCgroup {
  /** cgroup.procs files a process writes its pid into to join (before exec'ing the sandbox). */
  procsFiles: string[];
  /** True once the kernel refused memory to the group (its OOM killer ran). */
  outOfMemory(): boolean;
  remove(): void;
}

/** This process's cgroup v1 path for a controller, e.g. "/" or "/process_api/abc". */
function ownPath(controller: string): string | null {
  try {
    for (const line of readFileSync("/proc/self/cgroup", "utf8").split("\n")) {
      const [, controllers, path] = line.split(":");
      if (controllers?.split(",").includes(controller)) return path ?? null;
    }
  } catch {
    return null;
  }
  return null;
}

let parents: { memory: string; pids: string } | null | undefined;

function parentGroups(): { memory: string; pids: string } | null {
  if (parents !== undefined) return parents;
  parents = null;
  if (process.platform !== "linux" || process.env.LAMBDA_CGROUP === "off") return parents;
  const memoryPath = ownPath("memory");
  const pidsPath = ownPath("pids");
  if (memoryPath === null || pidsPath === null) return parents;
  const memory = join(V1_ROOT, "memory", memoryPath, `luna-lambdas-${process.pid}`);
  const pids = join(V1_ROOT, "pids", pidsPath, `luna-lambdas-${process.pid}`);
  for (const base of [join(V1_ROOT, "memory", memoryPath), join(V1_ROOT, "pids", pidsPath)]) removeStaleGroups(base);
  try {
    mkdirSync(memory, { recursive: true });
    mkdirSync(pids, { recursive: true });
    parents = { memory, pids };
    process.once("exit", () => {
      for (const dir of [memory, pids]) {
        try {
          rmdirSync(dir);
        } catch {
          // still has members at exit: the kernel removes nothing, the next start uses a new name
        }
      }
    });
  } catch {
    parents = null;
  }
  return parents;
}

/** Groups left by servers that are gone (a group with members cannot be removed at exit). */
function removeStaleGroups(base: string): void {
  let names: string[];
  try {
    names = readdirSync(base).filter((name) => /^luna-lambdas-\d+$/.test(name));
  } catch {
    return;
  }
  for (const name of names) {
    if (existsSync(`/proc/${name.slice("luna-lambdas-".length)}`)) continue;
    const dir = join(base, name);
    try {
      for (const child of readdirSync(dir, { withFileTypes: true }))
        if (child.isDirectory()) rmdirSync(join(dir, child.name));
      rmdirSync(dir);
    } catch {
      // members still exiting: the next start tries again
    }
  }
}

/** Which kind of memory cap lambdas get here (for /healthcheck and the start-up log). */
export function memoryCapKind(): "cgroup" | "watchdog" {
  return parentGroups() ? "cgroup" : "watchdog";
}

export function createLambdaCgroup(memoryMb: number, processes: number): LambdaCgroup | null {
  const root = parentGroups();
  if (!root) return null;
  const name = crypto.randomUUID();
  const memory = join(root.memory, name);
  const pids = join(root.pids, name);
  try {
    mkdirSync(memory);
    mkdirSync(pids);
    const bytes = String(memoryMb * 1024 * 1024);
    writeFileSync(join(memory, "memory.limit_in_bytes"), bytes);
    // With swap accounting, swap counts too (otherwise a process could page its way past the cap).
    if (existsSync(join(memory, "memory.memsw.limit_in_bytes")))
      writeFileSync(join(memory, "memory.memsw.limit_in_bytes"), bytes);
    writeFileSync(join(pids, "pids.max"), String(processes));
  } catch {
    for (const dir of [memory, pids]) if (existsSync(dir)) rmdirSync(dir);
    return null;
  }
  return {
    procsFiles: [join(memory, "cgroup.procs"), join(pids, "cgroup.procs")],
    outOfMemory() {
      try {
        return /^oom_kill [1-9]/m.test(readFileSync(join(memory, "memory.oom_control"), "utf8"));
      } catch {
        return false;
      }
    },
    remove() {
      const attempt = () =>
        [memory, pids].filter((dir) => {
          try {
            if (existsSync(dir)) rmdirSync(dir);
            return false;
          } catch {
            return true;
          }
        });
      // A member may still be exiting (bwrap's children die after it): try once more a moment later.
      if (attempt().length > 0) setTimeout(attempt, 2000).unref();
    },
  };
}
