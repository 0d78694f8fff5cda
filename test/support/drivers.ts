/**
 * The database drivers the services suite runs on. "postgres" is the real `pg` driver speaking the
 * PostgreSQL wire protocol to a PGlite (with pgvector) served by @electric-sql/pglite-socket;
 * "real-postgres" is the same driver on a throw-away server of Debian's postgresql package (no
 * pgvector there: descriptors as real[], matching by the in-memory index), where it is installed —
 * `.ci/run` installs it; elsewhere those suites are skipped with a notice.
 */
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { realPostgresAvailable, startRealPostgres } from "./realPostgres.ts";
import { startTestServer, type TestServer } from "./testServer.ts";

export type Driver = "pglite" | "postgres" | "real-postgres";
export const DRIVERS: readonly Driver[] = [
  "pglite",
  "postgres",
  ...(realPostgresAvailable() ? ["real-postgres" as const] : []),
];

export interface PostgresWire {
  url: string;
  stop(): Promise<void>;
}

/** A PostgreSQL-protocol endpoint on loopback, backed by a PGlite data dir. */
export async function startPostgresWire(dataDir: string): Promise<PostgresWire> {
  const db = await PGlite.create(dataDir, { extensions: { vector } });
  // A few connections, so an app server restarting can connect while the old one is still closing.
  const server = new PGLiteSocketServer({ db, port: 0, host: "127.0.0.1", maxConnections: 4 });
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}

export interface DriverServer {
  server: TestServer;
  driver: Driver;
  stop(): Promise<void>;
}

/** The app server on the given driver, with a fresh database. */
export async function startServerOn(driver: Driver, env: Record<string, string> = {}): Promise<DriverServer> {
  if (driver === "pglite") {
    const server = await startTestServer(env);
    return { server, driver, stop: () => server.close() };
  }
  if (driver === "real-postgres") {
    const pg = await startRealPostgres();
    const server = await startTestServer({ DATABASE_URL: pg.url, ...env }).catch(async (error: unknown) => {
      await pg.stop();
      throw error;
    });
    return {
      server,
      driver,
      async stop() {
        await server.close();
        await pg.stop();
      },
    };
  }
  const pgDir = mkdtempSync(join(tmpdir(), "luna-pgwire-"));
  const wire = await startPostgresWire(pgDir);
  // PGlite is one session: one pooled connection keeps transactions from interleaving on it.
  const server = await startTestServer({ DATABASE_URL: wire.url, DATABASE_POOL_SIZE: "1", ...env });
  return {
    server,
    driver,
    async stop() {
      await server.close();
      await wire.stop();
      rmSync(pgDir, { recursive: true, force: true });
    },
  };
}

/** A tiny Luna HTTP client for tests: JSON in, {status, body} out. */
export function lunaHttp(base: string, account: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        "Luna-Account-Id": account,
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = text;
    }
    return { status: response.status, body: json as Record<string, any>, headers: response.headers };
  };
}
