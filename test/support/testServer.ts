/** Starts the real server on a free port with a fresh data dir and the real models. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadConfig } from "../../server/config.ts";
import { createLogger } from "../../server/logger.ts";
import { startServer, type RunningServer } from "../../server/startServer.ts";

export interface TestServer extends RunningServer {
  dataDir: string;
}

/**
 * `env` overrides the configuration; `{ AUTH_TOKEN: "…" }` starts the server as one listening beyond
 * loopback is (every request needs the token; see authHeaders) without binding 0.0.0.0.
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "luna-test-"));
  const root = resolve(import.meta.dirname, "../..");
  const config = loadConfig({ PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "error", ...env }, root);
  const server = await startServer(config, createLogger("error"));
  await server.ready;
  return {
    ...server,
    dataDir,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The Authorization header a server started with a token needs ({} when it needs none). */
export function authHeaders(server: { accessToken: string | null }): Record<string, string> {
  return server.accessToken === null ? {} : { authorization: `Bearer ${server.accessToken}` };
}
