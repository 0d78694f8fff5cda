/** The reply tree's search and the ids in a reply that name Luna objects. */
import type { DataRef } from "../state/runStore.ts";

const ID_KEYS: Record<string, DataRef["kind"]> = {
  face_id: "face",
  event_id: "event",
  list_id: "list",
  sample_id: "sample",
  attribute_id: "attribute",
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A leaf `face_id: "…uuid…"` (and the like) as the object it names; null for any other leaf. */
export function dataRefOf(key: string, value: unknown): DataRef | null {
  const kind = ID_KEYS[key];
  return kind && typeof value === "string" && UUID.test(value) ? { kind, id: value } : null;
}

/** Whether a key or a leaf value anywhere below `value` contains `query` (lower case). */
export function subtreeMatches(value: unknown, query: string): boolean {
  if (value === null || typeof value !== "object") return String(value).toLowerCase().includes(query);
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return entries.some(([k, v]) => k.toLowerCase().includes(query) || subtreeMatches(v, query));
}
