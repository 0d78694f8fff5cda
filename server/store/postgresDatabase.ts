/** SqlDatabase on PostgreSQL through `pg` (DATABASE_URL). The server needs the `vector` extension. */
import pg from "pg";
import { detectVectorColumn, type SqlDatabase, type SqlExecutor, type SqlParam } from "./sqlDatabase.ts";

// bytea comes back as Buffer; expose plain Uint8Array like PGlite does.
function toParams(params: readonly SqlParam[]): unknown[] {
  return params.map((p) =>
    p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p.buffer, p.byteOffset, p.byteLength) : p,
  );
}

function normaliseRow<Row extends object>(row: Record<string, unknown>): Row {
  for (const [k, v] of Object.entries(row)) {
    if (Buffer.isBuffer(v)) row[k] = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  }
  return row as Row;
}

function executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    async query<Row extends object>(sql: string, params: readonly SqlParam[] = []): Promise<Row[]> {
      const result = await client.query(sql, toParams(params));
      return result.rows.map((r: Record<string, unknown>) => normaliseRow<Row>(r));
    },
  };
}

export async function openPostgresDatabase(url: string, poolSize: number): Promise<SqlDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // Fail at start-up, with the reason, rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  const base = executor(pool);
  return {
    driver: "postgres",
    vectorColumn: await detectVectorColumn(base),
    query: base.query,
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await work(executor(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async exec(sql: string): Promise<void> {
      await pool.query(sql);
    },
    async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
      // Its own connection, outside the pool: a LISTEN holds it for the server's life.
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      client.on("notification", (message) => {
        if (message.channel === channel) onNotify();
      });
      // A dropped connection only stops the pushes: readers catch up from the log before each search.
      client.on("error", () => undefined);
      await client.query(`LISTEN ${channel}`);
      return async () => {
        await client.end().catch(() => undefined);
      };
    },
    async close(): Promise<void> {
      await pool.end();
    },
  };
}
