/**
 * How much a lambda may log: each line and each lambda's kept total are capped, so a log flood
 * costs the server a bounded amount of memory; a cut line says how much was cut.
 */
export const LOG_LINE_BYTES = 8 * 1024;
export const LOG_BYTES_PER_LAMBDA = 1024 * 1024;
export const LOG_LINES_PER_LAMBDA = 1000;

/** The line itself when short enough, else its start and a marker saying how long it was. */
export function truncateLogLine(message: string, maxBytes = LOG_LINE_BYTES): string {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: most lines need no encoding at all.
  if (message.length * 3 <= maxBytes) return message;
  const head = new TextEncoder().encode(message.slice(0, maxBytes));
  if (message.length <= maxBytes && head.length <= maxBytes) return message;
  const kept = new TextDecoder().decode(head.subarray(0, maxBytes)).replace(/\uFFFD+$/, "");
  return `${kept}… [truncated: the line had ${message.length} characters]`;
}
