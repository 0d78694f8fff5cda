/**
 * A throw-away PostgreSQL server from Debian's `postgresql` package (no pgvector there), for the
 * tests that need two server processes on one database: LISTEN/NOTIFY does not cross
 * pglite-socket's connections. Run as the `postgres` user when the tests run as root. Absent
 * binaries skip those tests with a notice (`apt-get install -y postgresql` to run them).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

function binDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const version = readdirSync(root).sort().pop();
  const dir = version ? join(root, version, "bin") : null;
  return dir && existsSync(join(dir, "initdb")) ? dir : null;
}

export function realPostgresAvailable(): boolean {
  if (binDir()) return true;
  console.warn("real-PostgreSQL tests skipped: Debian's postgresql package is not installed");
  return false;
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });

export interface RealPostgres {
  url: string;
  stop(): Promise<void>;
}

export async function startRealPostgres(): Promise<RealPostgres> {
  const bin = binDir();
  if (!bin) throw new Error("PostgreSQL binaries not found");
  const root = process.getuid?.() === 0;
  const as = (command: string, args: string[]) =>
    root
      ? execFileSync("runuser", ["-u", "postgres", "--", command, ...args], { stdio: "pipe" })
      : execFileSync(command, args, { stdio: "pipe" });
  const base = mkdtempSync(join(tmpdir(), "luna-pg-"));
  chmodSync(base, 0o777);
  const data = join(base, "data");
  const port = await freePort();
  as(join(bin, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync"]);
  as(join(bin, "pg_ctl"), [
    "-D",
    data,
    "-w",
    "-l",
    join(base, "log"),
    "-o",
    `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${base} -c fsync=off`,
    "start",
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      if (root)
        spawnSync("runuser", ["-u", "postgres", "--", join(bin, "pg_ctl"), "-D", data, "-m", "immediate", "stop"], {
          stdio: "pipe",
        });
      else spawnSync(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"], { stdio: "pipe" });
      rmSync(base, { recursive: true, force: true });
    },
  };
}
