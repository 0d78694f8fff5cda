/**
 * Events as handlers save them. The whole event is kept as JSON; the descriptor's bytes live in
 * their own columns (JSON has no bytes) with a pgvector copy for future event matching.
 */
import { Errors, LunaError } from "../../shared/luna/errors.ts";
import type { EventInput, EventsQuery } from "../../shared/luna/schemas/events.ts";
import { isoTime, isoTimeOrNull, WhereBuilder } from "./rows.ts";
import { vectorLiteral, type SqlDatabase, type SqlParam } from "./sqlDatabase.ts";

export interface EventDescriptor {
  version: number;
  sdkDescriptor: Uint8Array;
  vector: Float32Array | null;
}

export interface PreparedEvent {
  eventId: string;
  createTime: string;
  input: EventInput;
  descriptor: EventDescriptor | null;
}

interface EventRow {
  event_id: string;
  account_id: string;
  handler_id: string | null;
  create_time: Date | string;
  end_time: Date | string | null;
  insert_time: Date | string;
  body: Record<string, unknown>;
  descriptor_version: number | null;
  sdk_descriptor: Uint8Array | null;
}

export type StoredEvent = Record<string, unknown> & { event_id: string };

function toEvent(row: EventRow, baseUrl: string): StoredEvent {
  const body = { ...row.body };
  const faceAttributes = body.face_attributes as Record<string, unknown> | null | undefined;
  if (faceAttributes && row.sdk_descriptor) {
    body.face_attributes = {
      ...faceAttributes,
      descriptor: { sdk_descriptor: row.sdk_descriptor, descriptor_version: row.descriptor_version },
    };
  }
  return {
    ...body,
    event_id: row.event_id,
    account_id: row.account_id,
    handler_id: row.handler_id,
    create_time: isoTime(row.create_time),
    end_time: isoTimeOrNull(row.end_time),
    insert_time: isoTime(row.insert_time),
    url: `${baseUrl}/events/${row.event_id}`,
  };
}

export class EventsRepository {
  constructor(private readonly db: SqlDatabase) {}

  /** Saves all events in one transaction: either every event is stored or none. */
  async save(account: string, events: PreparedEvent[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const e of events) {
        const body: Record<string, unknown> = { ...e.input };
        delete body.event_id;
        if (e.input.face_attributes?.descriptor) {
          body.face_attributes = { ...e.input.face_attributes, descriptor: null };
        }
        const inserted = await tx.query(
          `INSERT INTO events (event_id, account_id, handler_id, create_time, end_time, external_id, face_id, body,
             descriptor_version, sdk_descriptor, vector)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::${this.db.vectorColumn})
           ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
          [
            e.eventId,
            account,
            e.input.handler_id ?? null,
            e.createTime,
            e.input.end_time ?? null,
            e.input.external_id,
            e.input.face?.face_id ?? null,
            JSON.stringify({ ...body, create_time: e.createTime }),
            e.descriptor?.version ?? null,
            e.descriptor?.sdkDescriptor ?? null,
            e.descriptor?.vector ? vectorLiteral(e.descriptor.vector, this.db.vectorColumn) : null,
          ] as SqlParam[],
        );
        if (inserted.length === 0) throw new LunaError(Errors.EventAlreadyExists, e.eventId);
      }
    });
  }

  async get(account: string, eventId: string, baseUrl: string): Promise<StoredEvent | null> {
    const rows = await this.db.query<EventRow>("SELECT * FROM events WHERE account_id = $1 AND event_id = $2", [
      account,
      eventId,
    ]);
    return rows[0] ? toEvent(rows[0], baseUrl) : null;
  }

  async list(account: string, q: EventsQuery, baseUrl: string): Promise<{ events: StoredEvent[]; count: number }> {
    const where = new WhereBuilder().add("account_id = ?", account);
    if (q.handler_id) where.add("handler_id = ?", q.handler_id);
    if (q.external_id !== undefined) where.add("external_id = ?", q.external_id);
    if (q.create_time__gte) where.add("create_time >= ?", q.create_time__gte);
    if (q.create_time__lt) where.add("create_time < ?", q.create_time__lt);
    const params = where.params as SqlParam[];
    const [count] = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM events ${where}`, params);
    const rows = await this.db.query<EventRow>(
      `SELECT * FROM events ${where} ORDER BY create_time DESC, event_id LIMIT ${q.page_size} OFFSET ${(q.page - 1) * q.page_size}`,
      params,
    );
    return { events: rows.map((r) => toEvent(r, baseUrl)), count: count?.n ?? 0 };
  }

  async delete(account: string, eventId: string): Promise<boolean> {
    const rows = await this.db.query("DELETE FROM events WHERE account_id = $1 AND event_id = $2 RETURNING event_id", [
      account,
      eventId,
    ]);
    return rows.length === 1;
  }
}
