/**
 * One small SQL interface with two drivers: embedded PGlite (default) and PostgreSQL via `pg`
 * (DATABASE_URL). Both speak the same PostgreSQL dialect with pgvector, so every query is shared.
 */

export type SqlParam = string | number | boolean | null | Uint8Array | string[] | Date;

export interface SqlExecutor {
  query<Row extends object>(sql: string, params?: readonly SqlParam[]): Promise<Row[]>;
}

export interface SqlDatabase extends SqlExecutor {
  /** "pglite" or "postgres", for logs and /healthcheck. */
  readonly driver: string;
  /** The type of descriptor vector columns here. */
  readonly vectorColumn: VectorColumn;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs several statements separated by semicolons (migrations). */
  exec(sql: string): Promise<void>;
  /** `COPY (query) TO … (FORMAT binary)` as bytes, where the driver has a fast path for it (PGlite). */
  copyBinary?(query: string): Promise<Uint8Array>;
  /** Calls `onNotify` for each NOTIFY on `channel` (PostgreSQL LISTEN); resolves with the way to stop. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/**
 * How descriptor vectors are stored: pgvector's `vector` where the extension exists, else a plain
 * `real[]` (Debian's PostgreSQL has no pgvector: matching does not need it, docs/matcher.md).
 */
export type VectorColumn = "vector" | "real[]";

/** The text form of a vector for a `::vector` ("[0.1,…]") or `::real[]` ("{0.1,…}") parameter. */
export function vectorLiteral(values: ArrayLike<number>, column: VectorColumn = "vector"): string {
  const list = Array.from(values, (v) => (Number.isFinite(v) ? v : 0)).join(",");
  return column === "vector" ? `[${list}]` : `{${list}}`;
}

/** pgvector when it is installed or can be: asked once when the database opens. */
export async function detectVectorColumn(db: SqlExecutor): Promise<VectorColumn> {
  const [row] = await db.query<{ available: boolean }>(
    "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') OR EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') AS available",
  );
  return row?.available ? "vector" : "real[]";
}
