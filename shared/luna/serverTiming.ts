/**
 * The standard `Server-Timing` header (W3C Server Timing), as the Remote SDK stand-in sends its
 * stages and proxy/main the lambda's: `detect;dur=12.5, lambda;dur=40`.
 */

/** The durations by name; repeated names add up, parts without a valid name or dur are skipped. */
export function parseServerTiming(header: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().split(";");
    const dur = params.map((p) => p.trim()).find((p) => p.startsWith("dur="));
    const ms = dur ? Number(dur.slice(4)) : Number.NaN;
    if (name && /^[A-Za-z0-9_-]{1,64}$/.test(name) && Number.isFinite(ms) && ms >= 0) out[name] = (out[name] ?? 0) + ms;
  }
  return out;
}

export function formatServerTiming(entries: Record<string, number>, descriptions: Record<string, string> = {}): string {
  return Object.entries(entries)
    .map(([name, ms]) => `${name};dur=${ms.toFixed(2)}${descriptions[name] ? `;desc="${descriptions[name]}"` : ""}`)
    .join(", ");
}
