/** SqlDatabase on embedded PGlite (PostgreSQL in WebAssembly) with pgvector, persisted to a folder. */
import { mkdirSync } from "node:fs";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { detectVectorColumn, type SqlDatabase, type SqlExecutor, type SqlParam } from "./sqlDatabase.ts";

function executor(db: PGlite | Transaction): SqlExecutor {
  return {
    async query<Row extends object>(sql: string, params: readonly SqlParam[] = []): Promise<Row[]> {
      const result = await db.query<Row>(sql, params as unknown[]);
      return result.rows;
    },
  };
}

export async function openPgliteDatabase(dataDir: string): Promise<SqlDatabase & { pglite: PGlite }> {
  mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, { extensions: { vector } });
  const base = executor(pglite);
  return {
    driver: "pglite",
    vectorColumn: await detectVectorColumn(base),
    pglite,
    query: base.query,
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      return pglite.transaction((tx) => work(executor(tx)));
    },
    async exec(sql: string): Promise<void> {
      await pglite.exec(sql);
    },
    async copyBinary(query: string): Promise<Uint8Array> {
      const result = await pglite.query(`COPY (${query}) TO '/dev/blob' WITH (FORMAT binary)`);
      return new Uint8Array(await result.blob!.arrayBuffer());
    },
    async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
      return pglite.listen(channel, () => onNotify());
    },
    async close(): Promise<void> {
      await pglite.close();
    },
  };
}
