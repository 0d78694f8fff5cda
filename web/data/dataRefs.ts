/**
 * The data browser's pure parts: which section an object belongs to, the ids one object names
 * (a face's samples, an event's face and samples), and how a page of a listing is described.
 */
import type { DataRef } from "../state/runStore.ts";

export const SECTIONS = [
  ["faces", "Faces"],
  ["lists", "Lists"],
  ["events", "Events"],
  ["samples", "Samples"],
] as const;
export type DataSection = (typeof SECTIONS)[number][0];

/** The section listing objects of this kind (attributes are shown with the face or event they belong to). */
export function sectionOf(kind: DataRef["kind"]): DataSection {
  return kind === "face" || kind === "attribute" ? "faces" : kind === "list" ? "lists" : `${kind}s`;
}

/** The kind of the objects a section lists. */
export function kindOf(section: DataSection): DataRef["kind"] {
  return section === "faces" ? "face" : section === "lists" ? "list" : section === "events" ? "event" : "sample";
}

const unique = (ids: readonly (string | null | undefined)[]) => [
  ...new Set(ids.filter((v): v is string => typeof v === "string" && v !== "")),
];

/** The sample ids a face keeps (descriptor samples, then basic attributes samples). */
export function faceSampleIds(face: {
  attributes: { descriptor_samples: readonly string[]; basic_attributes_samples: readonly string[] };
}): string[] {
  return unique([...face.attributes.descriptor_samples, ...face.attributes.basic_attributes_samples]);
}

/** The sample ids an event names: its detections' face and body samples and its face attributes' samples. */
export function eventSampleIds(event: {
  detections?: readonly {
    samples?: { face?: { sample_id: string } | null; body?: { sample_id: string } | null } | null;
  }[];
  face_attributes?: { samples?: readonly string[] | null } | null;
}): string[] {
  return unique([
    ...(event.detections ?? []).flatMap((d) => [d.samples?.face?.sample_id, d.samples?.body?.sample_id]),
    ...(event.face_attributes?.samples ?? []),
  ]);
}

/** "21–40 of 57", "none" for an empty listing. */
export function pageRange(page: number, pageSize: number, count: number): string {
  if (count === 0) return "none";
  const first = (page - 1) * pageSize + 1;
  return `${Math.min(first, count)}–${Math.min(page * pageSize, count)} of ${count}`;
}

export function lastPage(pageSize: number, count: number): number {
  return Math.max(1, Math.ceil(count / pageSize));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reply keys that name a stored object by id (Luna's names), and the kind of that object. */
const ID_KEYS: Record<string, DataRef["kind"]> = {
  face_id: "face",
  event_id: "event",
  list_id: "list",
  sample_id: "sample",
  image_id: "sample",
  attribute_id: "attribute",
};
/** Lists of ids under these keys (a face's lists, its samples, an event's face samples). */
const ID_LIST_KEYS: Record<string, DataRef["kind"]> = {
  lists: "list",
  samples: "sample",
  descriptor_samples: "sample",
  basic_attributes_samples: "sample",
};

/**
 * The stored object a value in a reply names, for the reply tree to open in the data browser:
 * `key` is the value's own key, `parentKey` its list's key for an item of a list of ids.
 * null for anything that is not a UUID under one of Luna's id keys.
 */
export function dataRefFor(key: string, value: unknown, parentKey?: string): DataRef | null {
  if (typeof value !== "string" || !UUID.test(value)) return null;
  const kind = ID_KEYS[key] ?? (parentKey !== undefined && /^\d+$/.test(key) ? ID_LIST_KEYS[parentKey] : undefined);
  return kind ? { kind, id: value.toLowerCase() } : null;
}

/** An id typed into the browser's "open by id" field: a UUID, lower case, or null. */
export function parseObjectId(text: string): string | null {
  const id = text.trim();
  return UUID.test(id) ? id.toLowerCase() : null;
}

/** A long id cut for a row (the whole id stays in the title and data-id). */
export function shortId(id: string): string {
  return id.length > 13 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}
