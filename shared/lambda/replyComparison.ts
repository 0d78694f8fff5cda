/**
 * Compares a lambda's reply with a saved one (`requests/*.reply.json` of an exported project).
 * Identical means: same status, same JSON shape and keys, equal strings once the values that
 * change on every run are masked (UUIDs — face, event, sample ids, also inside URLs — ISO
 * timestamps, and the origin of URLs, which is where the services ran, not what the lambda did),
 * and numbers equal within a small tolerance (scores and similarities from
 * floating-point inference may differ in the last digits across CPUs).
 */
export interface SavedReply {
  status: number;
  body: unknown;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const URL_ORIGIN = /\bhttps?:\/\/[^/\s"'?#]+/g;
const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})?/g;
export const NUMBER_TOLERANCE = 1e-3;

function maskVolatile(text: string): string {
  return text.replace(URL_ORIGIN, "<origin>").replace(UUID, "<uuid>").replace(ISO_TIME, "<time>");
}

function kind(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

function compareValues(saved: unknown, actual: unknown, path: string, out: string[]): void {
  if (out.length >= 20) return;
  if (kind(saved) !== kind(actual)) {
    out.push(`${path}: expected ${kind(saved)}, got ${kind(actual)}`);
    return;
  }
  if (typeof saved === "number") {
    const a = actual as number;
    if (Math.abs(saved - a) > NUMBER_TOLERANCE * Math.max(1, Math.abs(saved), Math.abs(a)))
      out.push(`${path}: expected ${saved}, got ${a}`);
  } else if (typeof saved === "string") {
    if (maskVolatile(saved) !== maskVolatile(actual as string))
      out.push(`${path}: expected ${JSON.stringify(saved).slice(0, 80)}, got ${JSON.stringify(actual).slice(0, 80)}`);
  } else if (Array.isArray(saved)) {
    const a = actual as unknown[];
    if (saved.length !== a.length) out.push(`${path}: expected ${saved.length} items, got ${a.length}`);
    else saved.forEach((item, i) => compareValues(item, a[i], `${path}[${i}]`, out));
  } else if (saved !== null && typeof saved === "object") {
    const s = saved as Record<string, unknown>;
    const a = actual as Record<string, unknown>;
    for (const key of new Set([...Object.keys(s), ...Object.keys(a)])) {
      if (!(key in a)) out.push(`${path}.${key}: missing`);
      else if (!(key in s)) out.push(`${path}.${key}: not expected`);
      else compareValues(s[key], a[key], `${path}.${key}`, out);
    }
  } else if (saved !== actual) {
    out.push(`${path}: expected ${String(saved)}, got ${String(actual)}`);
  }
}

/** The differences, as readable lines (empty when the replies match). */
export function compareReplies(saved: SavedReply, actual: SavedReply): string[] {
  const out: string[] = [];
  if (saved.status !== actual.status) out.push(`status: expected ${saved.status}, got ${actual.status}`);
  compareValues(saved.body, actual.body, "body", out);
  return out;
}
