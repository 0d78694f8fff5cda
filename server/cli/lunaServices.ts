/**
 * Luna services for one-shot commands (`run`, `export`): the given origin (with AUTH_TOKEN, the
 * token a playground started elsewhere prints), or the embedded services started in this process
 * on a free port with a throw-away data folder (and their own token, if they need one).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ServerConfig } from "../config.ts";
import { createLogger } from "../logger.ts";
import { startServer } from "../startServer.ts";

export interface LunaServices {
  origin: string;
  /** The access token those services need (null: none). */
  token: string | null;
}

export async function withLunaServices<T>(
  origin: string | null,
  config: ServerConfig,
  work: (services: LunaServices) => Promise<T>,
): Promise<T> {
  if (origin) return work({ origin, token: config.authToken });
  const dataDir = mkdtempSync(join(tmpdir(), "luna-cli-services-"));
  const server = await startServer(
    { ...config, port: 0, host: "127.0.0.1", dataDir, databaseUrl: null },
    createLogger("error"),
  );
  try {
    return await work({ origin: server.url, token: server.accessToken });
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
