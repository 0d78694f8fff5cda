/**
 * Versioned schema migrations, applied in order at start-up inside one transaction each. A
 * migration is never edited once released: changes come as a new version.
 */
import type { SqlDatabase } from "./sqlDatabase.ts";

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "faces, lists, events, images",
    sql: `
      CREATE EXTENSION IF NOT EXISTS vector;

      CREATE TABLE faces (
        face_id uuid PRIMARY KEY,
        account_id uuid NOT NULL,
        event_id uuid,
        user_data text NOT NULL DEFAULT '',
        external_id text NOT NULL DEFAULT '',
        avatar text NOT NULL DEFAULT '',
        basic_attributes jsonb,
        descriptor_samples text[] NOT NULL DEFAULT '{}',
        basic_attributes_samples text[] NOT NULL DEFAULT '{}',
        create_time timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX faces_account_time ON faces (account_id, create_time);
      CREATE INDEX faces_account_external ON faces (account_id, external_id);

      -- One descriptor per model version; the vector is the normalised float form for pgvector.
      CREATE TABLE face_descriptors (
        face_id uuid NOT NULL REFERENCES faces (face_id) ON DELETE CASCADE,
        account_id uuid NOT NULL,
        version integer NOT NULL,
        sdk_descriptor bytea NOT NULL,
        vector vector(512) NOT NULL,
        PRIMARY KEY (face_id, version)
      );
      CREATE INDEX face_descriptors_account ON face_descriptors (account_id, version);

      CREATE TABLE lists (
        list_id uuid PRIMARY KEY,
        account_id uuid NOT NULL,
        user_data text NOT NULL DEFAULT '',
        create_time timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX lists_account ON lists (account_id, create_time);

      CREATE TABLE list_faces (
        list_id uuid NOT NULL REFERENCES lists (list_id) ON DELETE CASCADE,
        face_id uuid NOT NULL REFERENCES faces (face_id) ON DELETE CASCADE,
        link_time timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (list_id, face_id)
      );
      CREATE INDEX list_faces_face ON list_faces (face_id);

      CREATE TABLE events (
        event_id uuid PRIMARY KEY,
        account_id uuid NOT NULL,
        handler_id text,
        create_time timestamptz NOT NULL,
        end_time timestamptz,
        insert_time timestamptz NOT NULL DEFAULT now(),
        external_id text NOT NULL DEFAULT '',
        face_id uuid,
        body jsonb NOT NULL,
        descriptor_version integer,
        sdk_descriptor bytea,
        vector vector(512)
      );
      CREATE INDEX events_account_time ON events (account_id, create_time);
      CREATE INDEX events_account_handler ON events (account_id, handler_id, create_time);

      CREATE TABLE images (
        bucket text NOT NULL,
        image_id uuid NOT NULL,
        account_id uuid NOT NULL,
        content_type text NOT NULL,
        size integer NOT NULL,
        create_time timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (bucket, image_id)
      );
    `,
  },
  {
    version: 2,
    name: "lambdas",
    sql: `
      CREATE TABLE lambdas (
        lambda_id uuid PRIMARY KEY,
        account_id uuid NOT NULL,
        name text NOT NULL,
        lambda_type text NOT NULL,
        status text NOT NULL,
        errors jsonb,
        settings jsonb NOT NULL DEFAULT '{}',
        lambda_version integer NOT NULL DEFAULT 1,
        create_time timestamptz NOT NULL DEFAULT now(),
        update_time timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX lambdas_account ON lambdas (account_id, create_time);
    `,
  },
];

/** Applies the migrations this database has not seen yet; returns the versions applied. */
export async function migrate(db: SqlDatabase, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    const done = await db.transaction(async (tx) => {
      // Several server processes may start at once on PostgreSQL: one migrates, the others wait.
      await tx.query("SELECT pg_advisory_xact_lock(7235001)");
      const seen = await tx.query<{ version: number }>("SELECT version FROM schema_migrations WHERE version = $1", [m.version]);
      if (seen.length > 0) return false;
      for (const statement of splitStatements(m.sql)) await tx.query(statement);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}

/** Our migrations hold plain DDL (no functions or quoted semicolons), so `;` ends a statement. */
function splitStatements(sql: string): string[] {
  return sql
    .split("\n")
    .filter((line) => !line.trim().startsWith("--"))
    .join("\n")
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean);
}
