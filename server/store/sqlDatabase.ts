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
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs several statements separated by semicolons (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}

/** pgvector's text form of a vector: "[0.1,0.2,…]". */
export function vectorLiteral(values: ArrayLike<number>): string {
  return `[${Array.from(values, (v) => (Number.isFinite(v) ? v : 0)).join(",")}]`;
}
