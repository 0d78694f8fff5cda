/** Small wire shapes shared by several Luna schemas. */
import { z } from "zod";

const coordinate = z
  .number()
  .int()
  .min(-(2 ** 30))
  .max(2 ** 30);

/** Luna BoundingBox: integer pixels, documented range −2^30…2^30. */
export const boundingBoxSchema = z.object({
  x: coordinate,
  y: coordinate,
  width: coordinate.positive(),
  height: coordinate.positive(),
});
export type BoundingBox = z.infer<typeof boundingBoxSchema>;

/** Bytes arrive as a Uint8Array (msgpack) or, from JSON clients, as a base64 string. */
export const bytesSchema = z.union([z.instanceof(Uint8Array), z.base64().transform((text) => base64ToBytes(text))]);

/** Bytes in a reply: a Uint8Array in msgpack, base64 text in JSON (withBase64Bytes). */
export const replyBytesSchema = z.union([
  z.string(),
  z.custom<Uint8Array>((value) => value instanceof Uint8Array, "expected bytes"),
]);

/** A score or probability in [0, 1]. */
export const unitIntervalSchema = z.number().min(0).max(1);

/** Luna flags are ints 0/1; booleans are accepted for convenience and normalised to 0/1. */
export const flagSchema = z.union([z.literal(0), z.literal(1), z.boolean().transform((b) => (b ? 1 : 0))]);

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000; // keeps String.fromCharCode's argument list small
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export const uuidSchema = z.uuid().transform((s) => s.toLowerCase());

/** ISO-8601 date-time with an offset (Luna's create_time and friends). */
export const isoTimeSchema = z.iso.datetime({ offset: true, local: false });

/** Page/page_size query pair shared by every list route. */
export const paginationQuery = {
  page: z.coerce.number().int().min(1).default(1),
  page_size: z.coerce.number().int().min(1).max(1000).default(100),
};

/** "a,b,c" in a query string → ["a", "b", "c"]. */
export function commaList<T extends z.ZodType<unknown, string>>(item: T, max = 1000) {
  return z
    .string()
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1).max(max));
}

/** JSON has no bytes: every Uint8Array in a value becomes base64 (what Luna's JSON APIs carry). */
export function withBase64Bytes(value: unknown): unknown {
  if (value instanceof Uint8Array) return bytesToBase64(value);
  if (Array.isArray(value)) return value.map(withBase64Bytes);
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withBase64Bytes(v)]));
  return value;
}
