/**
 * Faces, their descriptors (sdk bytes + float vectors: pgvector, or real[] on a PostgreSQL without
 * it) and lists, always scoped to one account. Matching reads the in-memory index, not this table
 * (server/services/matcherIndex, docs/matcher.md).
 */
import { Errors, LunaError } from "../../shared/luna/errors.ts";
import type { CreateFace, Face, FacesQuery, PatchFace } from "../../shared/luna/schemas/faces.ts";
import { isoTime, WhereBuilder } from "./rows.ts";
import { vectorLiteral, type SqlDatabase, type SqlExecutor, type SqlParam } from "./sqlDatabase.ts";

export interface StoredDescriptor {
  version: number;
  sdkDescriptor: Uint8Array;
  vector: Float32Array;
}

interface FaceRow {
  face_id: string;
  account_id: string;
  event_id: string | null;
  user_data: string;
  external_id: string;
  avatar: string;
  basic_attributes: Record<string, unknown> | null;
  descriptor_samples: string[];
  basic_attributes_samples: string[];
  create_time: Date | string;
  lists: string[] | null;
  versions: number[] | null;
}

export interface ListRow {
  list_id: string;
  account_id: string;
  user_data: string;
  create_time: string;
  faces_count: number;
}

const FACE_COLUMNS = `f.face_id, f.account_id, f.event_id, f.user_data, f.external_id, f.avatar, f.basic_attributes,
  f.descriptor_samples, f.basic_attributes_samples, f.create_time,
  ARRAY(SELECT lf.list_id::text FROM list_faces lf WHERE lf.face_id = f.face_id ORDER BY lf.link_time) AS lists,
  ARRAY(SELECT d.version FROM face_descriptors d WHERE d.face_id = f.face_id ORDER BY d.version) AS versions`;

function toFace(row: FaceRow): Face {
  return {
    face_id: row.face_id,
    account_id: row.account_id,
    event_id: row.event_id,
    user_data: row.user_data,
    external_id: row.external_id,
    avatar: row.avatar,
    create_time: isoTime(row.create_time),
    lists: row.lists ?? [],
    attributes: {
      basic_attributes: row.basic_attributes,
      descriptors: (row.versions ?? []).map((version) => ({ version })),
      descriptor_samples: row.descriptor_samples,
      basic_attributes_samples: row.basic_attributes_samples,
    },
  };
}

export class FacesRepository {
  constructor(private readonly db: SqlDatabase) {}

  private async requireLists(tx: SqlExecutor, account: string, listIds: string[]): Promise<void> {
    if (listIds.length === 0) return;
    const found = await tx.query<{ list_id: string }>(
      "SELECT list_id FROM lists WHERE account_id = $1 AND list_id = ANY($2::uuid[])",
      [account, listIds],
    );
    const have = new Set(found.map((r) => r.list_id));
    const missing = listIds.find((id) => !have.has(id));
    if (missing) throw new LunaError(Errors.ListNotFound, missing);
  }

  async create(account: string, input: CreateFace, descriptors: StoredDescriptor[]): Promise<string> {
    const faceId = crypto.randomUUID();
    await this.db.transaction(async (tx) => {
      await this.requireLists(tx, account, input.lists);
      const attribute = input.attribute;
      await tx.query(
        `INSERT INTO faces (face_id, account_id, event_id, user_data, external_id, avatar, basic_attributes,
           descriptor_samples, basic_attributes_samples) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          faceId,
          account,
          input.event_id ?? null,
          input.user_data,
          input.external_id,
          input.avatar,
          attribute?.basic_attributes ? JSON.stringify(attribute.basic_attributes) : null,
          attribute?.descriptor_samples ?? [],
          attribute?.basic_attributes_samples ?? [],
        ],
      );
      for (const d of descriptors) {
        await tx.query(
          `INSERT INTO face_descriptors (face_id, account_id, version, sdk_descriptor, vector) VALUES ($1, $2, $3, $4, $5::${this.db.vectorColumn})`,
          [faceId, account, d.version, d.sdkDescriptor, vectorLiteral(d.vector, this.db.vectorColumn)],
        );
      }
      for (const listId of new Set(input.lists)) {
        await tx.query("INSERT INTO list_faces (list_id, face_id) VALUES ($1, $2)", [listId, faceId]);
      }
    });
    return faceId;
  }

  async get(account: string, faceId: string): Promise<Face | null> {
    const rows = await this.db.query<FaceRow>(
      `SELECT ${FACE_COLUMNS} FROM faces f WHERE f.account_id = $1 AND f.face_id = $2`,
      [account, faceId],
    );
    return rows[0] ? toFace(rows[0]) : null;
  }

  async patch(account: string, faceId: string, patch: PatchFace): Promise<boolean> {
    const sets: string[] = [];
    const params: SqlParam[] = [account, faceId];
    for (const key of ["event_id", "user_data", "external_id", "avatar"] as const) {
      if (patch[key] === undefined) continue;
      params.push(patch[key] ?? null);
      sets.push(`${key} = $${params.length}`);
    }
    const rows = await this.db.query(
      `UPDATE faces SET ${sets.join(", ")} WHERE account_id = $1 AND face_id = $2 RETURNING face_id`,
      params,
    );
    return rows.length === 1;
  }

  async delete(account: string, faceId: string): Promise<boolean> {
    const rows = await this.db.query("DELETE FROM faces WHERE account_id = $1 AND face_id = $2 RETURNING face_id", [
      account,
      faceId,
    ]);
    return rows.length === 1;
  }

  async list(account: string, q: FacesQuery): Promise<{ faces: Face[]; count: number }> {
    const where = new WhereBuilder().add("f.account_id = ?", account);
    if (q.face_ids) where.add("f.face_id = ANY(?::uuid[])", q.face_ids);
    if (q.external_ids) where.add("f.external_id = ANY(?::text[])", q.external_ids);
    if (q.user_data !== undefined) where.add("f.user_data = ?", q.user_data);
    if (q.event_id) where.add("f.event_id = ?", q.event_id);
    if (q.list_id)
      where.add("EXISTS (SELECT 1 FROM list_faces lf WHERE lf.face_id = f.face_id AND lf.list_id = ?)", q.list_id);
    if (q.create_time__gte) where.add("f.create_time >= ?", q.create_time__gte);
    if (q.create_time__lt) where.add("f.create_time < ?", q.create_time__lt);
    const params = where.params as SqlParam[];
    const [count] = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM faces f ${where}`, params);
    const rows = await this.db.query<FaceRow>(
      `SELECT ${FACE_COLUMNS} FROM faces f ${where} ORDER BY f.create_time DESC, f.face_id LIMIT ${q.page_size} OFFSET ${(q.page - 1) * q.page_size}`,
      params,
    );
    return { faces: rows.map(toFace), count: count?.n ?? 0 };
  }

  /** Faces by id (those of this account that exist), for the matcher's results. */
  async getMany(account: string, faceIds: readonly string[]): Promise<Map<string, Face>> {
    if (faceIds.length === 0) return new Map();
    const rows = await this.db.query<FaceRow>(
      `SELECT ${FACE_COLUMNS} FROM faces f WHERE f.account_id = $1 AND f.face_id = ANY($2::uuid[])`,
      [account, [...faceIds]],
    );
    return new Map(rows.map((r) => [r.face_id, toFace(r)]));
  }

  // ------------------------------------------------------------------ lists

  async createList(account: string, userData: string): Promise<string> {
    const listId = crypto.randomUUID();
    await this.db.query("INSERT INTO lists (list_id, account_id, user_data) VALUES ($1, $2, $3)", [
      listId,
      account,
      userData,
    ]);
    return listId;
  }

  private static readonly LIST_COLUMNS = `l.list_id, l.account_id, l.user_data, l.create_time,
    (SELECT count(*)::int FROM list_faces lf WHERE lf.list_id = l.list_id) AS faces_count`;

  async getList(account: string, listId: string): Promise<ListRow | null> {
    const rows = await this.db.query<ListRow>(
      `SELECT ${FacesRepository.LIST_COLUMNS} FROM lists l WHERE l.account_id = $1 AND l.list_id = $2`,
      [account, listId],
    );
    return rows[0] ? { ...rows[0], create_time: isoTime(rows[0].create_time) } : null;
  }

  async lists(account: string, page: number, pageSize: number): Promise<{ lists: ListRow[]; count: number }> {
    const [count] = await this.db.query<{ n: number }>("SELECT count(*)::int AS n FROM lists WHERE account_id = $1", [
      account,
    ]);
    const rows = await this.db.query<ListRow>(
      `SELECT ${FacesRepository.LIST_COLUMNS} FROM lists l WHERE l.account_id = $1 ORDER BY l.create_time DESC, l.list_id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      [account],
    );
    return { lists: rows.map((r) => ({ ...r, create_time: isoTime(r.create_time) })), count: count?.n ?? 0 };
  }

  async deleteList(account: string, listId: string): Promise<boolean> {
    const rows = await this.db.query("DELETE FROM lists WHERE account_id = $1 AND list_id = $2 RETURNING list_id", [
      account,
      listId,
    ]);
    return rows.length === 1;
  }

  async linkFaces(account: string, listId: string, action: "attach" | "detach", faceIds: string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.requireLists(tx, account, [listId]);
      const found = await tx.query<{ face_id: string }>(
        "SELECT face_id FROM faces WHERE account_id = $1 AND face_id = ANY($2::uuid[])",
        [account, faceIds],
      );
      const have = new Set(found.map((r) => r.face_id));
      const missing = faceIds.find((id) => !have.has(id));
      if (missing) throw new LunaError(Errors.FacesNotFound, missing);
      if (action === "attach") {
        await tx.query(
          "INSERT INTO list_faces (list_id, face_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING",
          [listId, faceIds],
        );
      } else {
        await tx.query("DELETE FROM list_faces WHERE list_id = $1 AND face_id = ANY($2::uuid[])", [listId, faceIds]);
      }
    });
  }
}
