/** Picks the driver: PostgreSQL when DATABASE_URL is set, embedded PGlite under DATA_DIR otherwise. */
import { join } from "node:path";
import { migrate } from "./migrations.ts";
import { openPgliteDatabase } from "./pgliteDatabase.ts";
import { openPostgresDatabase } from "./postgresDatabase.ts";
import type { SqlDatabase } from "./sqlDatabase.ts";

export interface DatabaseSettings {
  dataDir: string;
  databaseUrl: string | null;
  poolSize: number;
}

export async function openDatabase(settings: DatabaseSettings): Promise<SqlDatabase> {
  const db = settings.databaseUrl
    ? await openPostgresDatabase(settings.databaseUrl, settings.poolSize)
    : await openPgliteDatabase(join(settings.dataDir, "pglite"));
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw new Error(`database migration failed: ${(error as Error).message}`);
  }
  return db;
}
