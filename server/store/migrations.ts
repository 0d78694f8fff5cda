/**
 * Versioned schema migrations, applied in order at start-up inside one transaction each. A
 * migration is never edited once released: changes come as a new version.
 */
import type { SqlDatabase, VectorColumn } from "./sqlDatabase.ts";

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
  {
    version: 3,
    name: "face index change log",
    // Every change to what matching sees (a descriptor, a list link, a list) leaves a row here and one
    // NOTIFY per statement, whoever wrote it: each server process's in-memory index catches up from
    // the log (docs/matcher.md), so a missed notification only delays, never loses, a change.
    sql: `
      CREATE TABLE face_index_changes (
        seq bigserial PRIMARY KEY,
        account_id uuid,
        face_id uuid,
        list_id uuid,
        change_time timestamptz NOT NULL DEFAULT now()
      );

      CREATE FUNCTION face_index_descriptor_changed() RETURNS trigger AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          INSERT INTO face_index_changes (account_id, face_id) VALUES (OLD.account_id, OLD.face_id);
        ELSE
          INSERT INTO face_index_changes (account_id, face_id) VALUES (NEW.account_id, NEW.face_id);
        END IF;
        RETURN NULL;
      END $$ LANGUAGE plpgsql;

      -- A link of a deleted face finds no face row: that face's descriptor row logged it already.
      CREATE FUNCTION face_index_link_changed() RETURNS trigger AS $$
      DECLARE link list_faces;
      BEGIN
        IF TG_OP = 'DELETE' THEN link := OLD; ELSE link := NEW; END IF;
        INSERT INTO face_index_changes (account_id, face_id, list_id)
          SELECT f.account_id, f.face_id, link.list_id FROM faces f WHERE f.face_id = link.face_id;
        RETURN NULL;
      END $$ LANGUAGE plpgsql;

      CREATE FUNCTION face_index_list_deleted() RETURNS trigger AS $$
      BEGIN
        INSERT INTO face_index_changes (account_id, list_id) VALUES (OLD.account_id, OLD.list_id);
        RETURN NULL;
      END $$ LANGUAGE plpgsql;

      CREATE FUNCTION face_index_notify() RETURNS trigger AS $$
      BEGIN
        PERFORM pg_notify('face_index_changes', '');
        RETURN NULL;
      END $$ LANGUAGE plpgsql;

      CREATE TRIGGER face_index_descriptor AFTER INSERT OR UPDATE OR DELETE ON face_descriptors
        FOR EACH ROW EXECUTE FUNCTION face_index_descriptor_changed();
      CREATE TRIGGER face_index_link AFTER INSERT OR DELETE ON list_faces
        FOR EACH ROW EXECUTE FUNCTION face_index_link_changed();
      CREATE TRIGGER face_index_list AFTER DELETE ON lists
        FOR EACH ROW EXECUTE FUNCTION face_index_list_deleted();
      CREATE TRIGGER face_index_descriptor_notify AFTER INSERT OR UPDATE OR DELETE ON face_descriptors
        FOR EACH STATEMENT EXECUTE FUNCTION face_index_notify();
      CREATE TRIGGER face_index_link_notify AFTER INSERT OR DELETE ON list_faces
        FOR EACH STATEMENT EXECUTE FUNCTION face_index_notify();
      CREATE TRIGGER face_index_list_notify AFTER DELETE ON lists
        FOR EACH STATEMENT EXECUTE FUNCTION face_index_notify();
    `,
  },
];

/** Applies the migrations this database has not seen yet; returns the versions applied. */
export async function migrate(db: SqlDatabase, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  // Under the same lock as each migration: two processes creating it at once collide on PostgreSQL's catalog.
  await db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(7235001)");
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  });
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    const done = await db.transaction(async (tx) => {
      // Several server processes may start at once on PostgreSQL: one migrates, the others wait.
      await tx.query("SELECT pg_advisory_xact_lock(7235001)");
      const seen = await tx.query<{ version: number }>("SELECT version FROM schema_migrations WHERE version = $1", [
        m.version,
      ]);
      if (seen.length > 0) return false;
      for (const statement of splitStatements(forVectorColumn(m.sql, db.vectorColumn))) await tx.query(statement);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [m.version, m.name]);
      return true;
    });
    if (done) applied.push(m.version);
  }
  return applied;
}

/**
 * Without pgvector the same schema stores vectors as real[]: no extension, no vector(512) type.
 * (The released migrations stay as written; this is how they read on such a server.)
 */
export function forVectorColumn(sql: string, column: VectorColumn): string {
  if (column === "vector") return sql;
  return sql.replace(/^\s*CREATE EXTENSION IF NOT EXISTS vector;\s*$/m, "").replace(/\bvector\(512\)/g, "real[]");
}

/** `;` ends a statement, except inside a `$$ … $$` function body (our migrations quote nothing else). */
export function splitStatements(sql: string): string[] {
  const text = sql
    .split("\n")
    .filter((line) => !line.trim().startsWith("--"))
    .join("\n");
  const statements: string[] = [];
  let current = "";
  let inBody = false;
  for (const part of text.split(/(\$\$|;)/)) {
    if (part === "$$") inBody = !inBody;
    if (part === ";" && !inBody) {
      statements.push(current);
      current = "";
    } else current += part;
  }
  statements.push(current);
  return statements.map((s) => s.trim()).filter(Boolean);
}
