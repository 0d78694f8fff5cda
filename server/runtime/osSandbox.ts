/**
 * The OS walls around every process that touches user code (a lambda, its build, its Python
 * syntax check). On Linux that is bubblewrap (its own PID, network, IPC, UTS, user and mount
 * namespaces; a read-only root holding only what the process needs; dies with the server) with
 * rlimits from util-linux `prlimit` (address space, CPU seconds, processes). Where bubblewrap cannot
 * start (macOS, a container without user namespaces) the same command runs as a plain child
 * process and the caller's Node permission model is the only wall left — the server says so
 * (docs/security.md).
 */
import { execFile, spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { promisify } from "node:util";

const run = promisify(execFile);

export type SandboxKind = "bubblewrap" | "none";

export interface SandboxProbe {
  kind: SandboxKind;
  /** The bubblewrap program (LAMBDA_BWRAP, default "bwrap" from PATH). */
  bwrap: string;
  /** Whether util-linux `prlimit` is there (without bubblewrap it still sets the rlimits). */
  prlimit: boolean;
  /** bubblewrap's version, or why no OS sandbox could start. */
  detail: string;
  /** The shared libraries node needs, bound read-only into the sandbox (from ldd). */
  libraries: string[];
}

export interface SandboxLimits {
  /** RLIMIT_AS: every mapping counts (heap, Buffers, WebAssembly reservations, thread stacks). */
  addressSpaceMb: number;
  /** RLIMIT_CPU: CPU seconds over the process's life (SIGXCPU, then SIGKILL). */
  cpuSeconds: number;
  /** RLIMIT_NPROC: tasks (processes and threads) of the sandbox's own user. */
  processes: number;
}

export interface Mount {
  host: string;
  /** Where the process sees it (bubblewrap); without an OS sandbox it sees `host`. */
  inside: string;
  writable?: boolean;
}

export interface SandboxSpec {
  mounts: Mount[];
  /** Program and arguments as the process sees them (paths from `pathInside`). */
  argv: string[];
  /** The process's whole environment. */
  env: Record<string, string>;
  limits: SandboxLimits;
  /** Extra stdio entries after stdin/stdout/stderr (e.g. "pipe" for the lambda channel on fd 3). */
  extraStdio?: SpawnOptions["stdio"];
  /** cgroup.procs files to join before the sandbox starts (lambdaCgroup.ts), so no child escapes the group. */
  cgroupProcs?: string[];
}

/** Writes its own pid into each cgroup.procs file given before "--", then execs the rest. */
const JOIN_CGROUPS = 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 97; shift; done; shift; exec "$@"';

/** The uid/gid a sandboxed process runs as: nobody, never the server's user. */
const SANDBOX_ID = "65534";

async function nodeLibraries(): Promise<string[]> {
  try {
    const { stdout } = await run("ldd", [process.execPath], { timeout: 5000 });
    return [...stdout.matchAll(/(\/\S+)\s+\(0x/g)].map((m) => m[1]!).filter((path) => existsSync(path));
  } catch {
    return [];
  }
}

function bwrapArgs(probe: SandboxProbe, spec: Pick<SandboxSpec, "mounts" | "env">): string[] {
  const args = [
    "--unshare-all",
    "--unshare-user",
    "--uid",
    SANDBOX_ID,
    "--gid",
    SANDBOX_ID,
    "--hostname",
    "lambda",
    "--die-with-parent",
    // A new session: the process cannot push keystrokes into the server's terminal (TIOCSTI).
    "--new-session",
    "--clearenv",
    "--proc",
    "/proc",
    "--dev",
    "/dev",
    "--tmpfs",
    "/tmp",
    "--ro-bind",
    process.execPath,
    "/node",
  ];
  for (const library of probe.libraries) args.push("--ro-bind", realpathSync(library), library);
  for (const mount of spec.mounts) args.push(mount.writable ? "--bind" : "--ro-bind", mount.host, mount.inside);
  for (const [name, value] of Object.entries(spec.env)) args.push("--setenv", name, value);
  // Nothing is left mounted that the process could remount writable.
  args.push("--remount-ro", "/");
  return args;
}

/** auto: bubblewrap where it starts; off: never (LAMBDA_SANDBOX; "required" probes as auto). */
export type SandboxMode = "auto" | "off";

/** Which sandbox to probe for: the mode and the bubblewrap program (LAMBDA_BWRAP). */
export interface SandboxChoice {
  mode: SandboxMode;
  bwrap: string;
}

export const DEFAULT_SANDBOX: SandboxChoice = { mode: "auto", bwrap: "bwrap" };

const probed = new Map<string, Promise<SandboxProbe>>();

/**
 * Tries bubblewrap once per server (a real sandboxed `node -e`), so a machine that has the
 * binary but no user namespaces is reported as having no sandbox rather than failing every lambda.
 */
export function probeOsSandbox({ mode, bwrap }: SandboxChoice = DEFAULT_SANDBOX): Promise<SandboxProbe> {
  const key = `${mode} ${bwrap}`;
  const known = probed.get(key);
  if (known) return known;
  const probe = (async (): Promise<SandboxProbe> => {
    const prlimit =
      process.platform === "linux" &&
      (await run("prlimit", ["--version"], { timeout: 5000 }).then(
        () => true,
        () => false,
      ));
    const none = (detail: string): SandboxProbe => ({ kind: "none", bwrap, prlimit, detail, libraries: [] });
    if (mode === "off") return none("switched off (LAMBDA_SANDBOX=off)");
    if (process.platform !== "linux") return none(`no OS sandbox on ${process.platform}`);
    let version: string;
    try {
      version = (await run(bwrap, ["--version"], { timeout: 5000 })).stdout.trim();
    } catch {
      return none(`bubblewrap (${bwrap}) is not installed (apt-get install bubblewrap)`);
    }
    if (!prlimit) return none("prlimit is not installed (apt-get install util-linux)");
    const probe: SandboxProbe = {
      kind: "bubblewrap",
      bwrap,
      prlimit,
      detail: version,
      libraries: await nodeLibraries(),
    };
    try {
      const { command, args } = sandboxedCommand(probe, {
        mounts: [],
        argv: ["/node", "-e", "process.stdout.write(String(process.getuid()))"],
        env: {},
        limits: { addressSpaceMb: 4096, cpuSeconds: 10, processes: 64 },
      });
      const { stdout } = await run(command, args, { timeout: 10_000 });
      if (stdout !== SANDBOX_ID) throw new Error(`unexpected uid ${stdout}`);
    } catch (error) {
      const text = ((error as { stderr?: string }).stderr || (error as Error).message).trim().split("\n").pop();
      return none(`bubblewrap cannot start here: ${text}`);
    }
    return probe;
  })();
  probed.set(key, probe);
  return probe;
}

/** The command line that runs `spec` inside the walls `probe` found. */
export function sandboxedCommand(
  probe: SandboxProbe,
  spec: SandboxSpec,
): { command: string; args: string[]; env: Record<string, string> } {
  const limits = [
    `--as=${Math.round(spec.limits.addressSpaceMb * 1024 * 1024)}`,
    `--cpu=${Math.ceil(spec.limits.cpuSeconds)}`,
    `--nproc=${spec.limits.processes}`,
    // No core dumps of user code (they could be large and would land outside the walls).
    "--core=0",
  ];
  const joined = (command: string, args: string[]) =>
    spec.cgroupProcs?.length
      ? { command: "/bin/sh", args: ["-c", JOIN_CGROUPS, "sh", ...spec.cgroupProcs, "--", command, ...args] }
      : { command, args };
  if (probe.kind === "bubblewrap") {
    const [program, ...rest] = spec.argv;
    return {
      ...joined("prlimit", [
        ...limits,
        "--",
        probe.bwrap,
        ...bwrapArgs(probe, spec),
        "--",
        program === "node" ? "/node" : program!,
        ...rest,
      ]),
      env: {},
    };
  }
  // No OS sandbox: the same program as a plain child; RLIMIT_NPROC would count the whole user, so it is left out.
  const [program, ...rest] = spec.argv;
  const unsandboxed = limits.filter((flag) => !flag.startsWith("--nproc"));
  const argv = [program === "node" || program === "/node" ? process.execPath : program!, ...rest];
  if (probe.prlimit) return { ...joined("prlimit", [...unsandboxed, "--", ...argv]), env: spec.env };
  return { command: argv[0]!, args: argv.slice(1), env: spec.env };
}

/** Where a mount is seen by the process: its inside path in bubblewrap, the host path otherwise. */
export function pathInside(probe: SandboxProbe, mount: Mount): string {
  return probe.kind === "bubblewrap" ? mount.inside : mount.host;
}

/** Starts `spec` in the sandbox; stdin is closed, stdout/stderr are pipes, then `extraStdio`. */
export function spawnSandboxed(probe: SandboxProbe, spec: SandboxSpec): ChildProcess {
  const { command, args, env } = sandboxedCommand(probe, spec);
  const extra = Array.isArray(spec.extraStdio) ? spec.extraStdio : [];
  return spawn(command, args, {
    env:
      probe.kind === "bubblewrap"
        ? { PATH: process.env.PATH ?? "/usr/bin:/bin" }
        : { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env },
    stdio: ["ignore", "pipe", "pipe", ...extra],
    // Its own process group, so a kill reaches every process of the sandbox.
    detached: true,
  });
}

/** Stops a sandboxed process and all it started. */
export function killSandboxed(child: ChildProcess): void {
  if (child.exitCode !== null || child.signalCode !== null) return;
  try {
    if (child.pid) process.kill(-child.pid, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}
