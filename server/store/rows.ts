/** Small conversions between SQL rows and wire values, shared by the repositories. */

export function isoTime(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return new Date(String(value)).toISOString();
}

export function isoTimeOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : isoTime(value);
}

/** Builds "WHERE a = $1 AND b = $2…" incrementally, keeping the parameter numbers right. */
export class WhereBuilder {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  /** Adds a clause; `?` in it is replaced by the next parameter number. */
  add(clause: string, value: unknown): this {
    this.params.push(value);
    this.clauses.push(clause.replace("?", `$${this.params.length}`));
    return this;
  }

  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  toString(): string {
    return this.clauses.length ? `WHERE ${this.clauses.join(" AND ")}` : "";
  }
}
