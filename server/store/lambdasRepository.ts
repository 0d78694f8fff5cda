/** Lambda records (status, compile errors, settings) in SQL; their sources live on the filesystem. */
import type { LambdaRecord } from "../../shared/luna/schemas/lambdas.ts";
import type { CompileError } from "../runtime/lambdaCompiler.ts";
import { isoTime } from "./rows.ts";
import type { SqlDatabase } from "./sqlDatabase.ts";

interface LambdaRow extends Omit<LambdaRecord, "create_time" | "update_time"> {
  create_time: Date | string;
  update_time: Date | string;
  settings: Record<string, unknown>;
}

export interface StoredLambda extends LambdaRecord {
  settings: Record<string, unknown>;
}

function toLambda(row: LambdaRow): StoredLambda {
  return { ...row, create_time: isoTime(row.create_time), update_time: isoTime(row.update_time) };
}

export class LambdasRepository {
  constructor(private readonly db: SqlDatabase) {}

  async create(
    lambdaId: string,
    account: string,
    name: string,
    type: string,
    settings: Record<string, unknown>,
  ): Promise<void> {
    await this.db.query(
      "INSERT INTO lambdas (lambda_id, account_id, name, lambda_type, status, settings) VALUES ($1, $2, $3, $4, 'waiting', $5)",
      [lambdaId, account, name, type, JSON.stringify(settings)],
    );
  }

  async setStatus(lambdaId: string, status: "running" | "failed", errors: CompileError[] | null): Promise<void> {
    await this.db.query("UPDATE lambdas SET status = $2, errors = $3, update_time = now() WHERE lambda_id = $1", [
      lambdaId,
      status,
      errors ? JSON.stringify(errors) : null,
    ]);
  }

  /** New sources for the lambda: its name, type and settings may change; the version goes up. */
  async update(
    lambdaId: string,
    name: string,
    type: string,
    settings: Record<string, unknown>,
    status: "running" | "failed",
    errors: CompileError[] | null,
  ): Promise<void> {
    await this.db.query(
      "UPDATE lambdas SET name = $2, lambda_type = $3, settings = $4, status = $5, errors = $6, lambda_version = lambda_version + 1, update_time = now() WHERE lambda_id = $1",
      [lambdaId, name, type, JSON.stringify(settings), status, errors ? JSON.stringify(errors) : null],
    );
  }

  async get(account: string, lambdaId: string): Promise<StoredLambda | null> {
    const rows = await this.db.query<LambdaRow>("SELECT * FROM lambdas WHERE account_id = $1 AND lambda_id = $2", [
      account,
      lambdaId,
    ]);
    return rows[0] ? toLambda(rows[0]) : null;
  }

  /** Every lambda of every account: used at start-up to recompile what was stored. */
  async all(): Promise<StoredLambda[]> {
    return (await this.db.query<LambdaRow>("SELECT * FROM lambdas ORDER BY create_time")).map(toLambda);
  }

  async list(account: string, page: number, pageSize: number): Promise<{ lambdas: StoredLambda[]; count: number }> {
    const [count] = await this.db.query<{ n: number }>("SELECT count(*)::int AS n FROM lambdas WHERE account_id = $1", [
      account,
    ]);
    const rows = await this.db.query<LambdaRow>(
      `SELECT * FROM lambdas WHERE account_id = $1 ORDER BY create_time DESC, lambda_id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      [account],
    );
    return { lambdas: rows.map(toLambda), count: count?.n ?? 0 };
  }

  async delete(account: string, lambdaId: string): Promise<boolean> {
    const rows = await this.db.query(
      "DELETE FROM lambdas WHERE account_id = $1 AND lambda_id = $2 RETURNING lambda_id",
      [account, lambdaId],
    );
    return rows.length === 1;
  }
}
