/**
 * The handlers request as the playground keeps it besides the images: every other field of the
 * handlers input (shared/luna/schemas/handlersInput.ts), the headers and the query string. Fields
 * the user types stay text as typed (a half-written JSON `meta` survives a reload and shows its
 * error inline); `requestWire.ts` turns them into wire values and the shared schema judges them.
 * Every field has a default, so project files written before the request panel open unchanged.
 */
import { z } from "zod";

const text = (max: number) => z.string().max(max).default("");

/** The per-image fields of `sources[i]`, keyed in the project by the image's id. */
export const sourceFieldsSchema = z.strictObject({
  /** `source_type`: Luna 5.51's integers or the later string (docs/luna-reference.md §10). */
  sourceType: z.enum(["raw_image", "0", "1"]).default("raw_image"),
  /** ISO-8601 time of detection; "" leaves `detect_time` out. */
  detectTime: text(64),
  /** A number (unix seconds); "" leaves `detect_ts` out. */
  detectTs: text(32),
  /** A URL or id of the origin image, or a JSON object `{body, body_meta}`. */
  imageOrigin: text(4096),
  /** JSON object: the source's `meta`. */
  meta: text(100_000),
  /** JSON object: the source's `source_data` (the event metadata). */
  sourceData: text(100_000),
  /** JSON object: `source.body_meta`. */
  bodyMeta: text(100_000),
  /** JSON array of boxes: `body_bounding_boxes`. */
  bodyBoundingBoxes: text(100_000),
});
export type SourceFields = z.output<typeof sourceFieldsSchema>;

/** A header or query entry as typed: a name and a value (the list keeps the user's order). */
export const namedValueSchema = z.strictObject({ name: z.string().max(256), value: z.string().max(8192) });
export type NamedValue = z.output<typeof namedValueSchema>;

export const requestSpecSchema = z.strictObject({
  aggregateAttributes: z.enum(["0", "1"]).default("0"),
  /** "" leaves `use_exif_info` out (the lambda then reads 1, Luna's default). */
  useExifInfo: z.enum(["", "0", "1"]).default(""),
  /** JSON object: the request's top-level `source_data`. */
  sourceData: text(100_000),
  sources: z.record(z.string(), sourceFieldsSchema).default({}),
  headers: z
    .strictObject({
      /** Luna-Handler-Id: the handler that would call the lambda (a UUID). */
      handlerId: text(64),
      /** Luna-Event-Time: ISO-8601. */
      eventTime: text(64),
      /** Any other header the lambda should see (luna-… or x-…, the ones the lambda service forwards). */
      extra: z.array(namedValueSchema).max(50).default([]),
    })
    .default({ handlerId: "", eventTime: "", extra: [] }),
  query: z.array(namedValueSchema).max(50).default([]),
});
export type RequestSpec = z.output<typeof requestSpecSchema>;

export function defaultRequestSpec(): RequestSpec {
  return requestSpecSchema.parse({});
}

export function defaultSourceFields(): SourceFields {
  return sourceFieldsSchema.parse({});
}
