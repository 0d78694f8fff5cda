/** The reply tree's search (which ids name Luna objects is the data browser's rule: web/data/dataRefs.ts). */

/** Whether a key or a leaf value anywhere below `value` contains `query` (lower case). */
export function subtreeMatches(value: unknown, query: string): boolean {
  if (value === null || typeof value !== "object") return String(value).toLowerCase().includes(query);
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  return entries.some(([k, v]) => k.toLowerCase().includes(query) || subtreeMatches(v, query));
}
