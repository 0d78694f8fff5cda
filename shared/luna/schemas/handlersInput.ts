/**
 * The body Luna-Handlers sends to a handlers lambda (docs/luna-reference.md §3), as msgpack.
 * Wire keys are snake_case; the parsed object is camelCase. This file is the one place that maps them.
 */
import { z } from "zod";
import { boundingBoxSchema, bytesSchema, flagSchema } from "./common.ts";

const angles = z.object({ pitch: z.number(), roll: z.number(), yaw: z.number() }).partial();

const faceDetectionDataWire = z.strictObject({
  bounding_box: boundingBoxSchema,
  origin_bounding_box: boundingBoxSchema.optional(),
  angles: angles.optional(),
  score: z.number().min(0).max(1).optional(),
});

const imageOriginWire = z.union([
  z.string(),
  z.strictObject({
    body: z.union([z.string(), z.instanceof(Uint8Array)]),
    body_meta: z.record(z.string(), z.unknown()).nullish(),
  }),
]);

const geoPosition = z.object({ latitude: z.number(), longitude: z.number() });
const locationWire = z.strictObject({
  geo_position: geoPosition.nullish(),
  street: z.string().nullish(),
  house_number: z.string().nullish(),
  district: z.string().nullish(),
  area: z.string().nullish(),
  city: z.string().nullish(),
});

const sourceDataWire = z.strictObject({
  source: z.string().nullish(),
  stream_id: z.string().nullish(),
  tags: z.array(z.string()).nullish(),
  user_data: z.string().nullish(),
  external_id: z.string().nullish(),
  track_id: z.string().nullish(),
  meta: z.record(z.string(), z.unknown()).nullish(),
  event_time: z.string().nullish(),
  event_end_time: z.string().nullish(),
  location: locationWire.nullish(),
});

/**
 * `source_type`: Luna 5.51 documented integers (0 = usual image); later versions use a string
 * discriminator whose exact values are unconfirmed (docs/luna-reference.md §10): we accept `raw_image`, 0 and 1.
 */
const sourceType = z.union([z.literal("raw_image"), z.literal(0), z.literal(1)]);

const rawImageSourceWire = z
  .strictObject({
    source_type: sourceType,
    filename: z.string().nullish(),
    detect_time: z.string().nullish(),
    detect_ts: z.number().nullish(),
    image_origin: imageOriginWire.nullish(),
    face_bounding_boxes: z.array(boundingBoxSchema).min(1).nullish(),
    body_bounding_boxes: z.array(boundingBoxSchema).min(1).nullish(),
    source_data: sourceDataWire.nullish(),
    meta: z.record(z.string(), z.unknown()).nullish(),
    // The nested form the seed examples send…
    source: z
      .strictObject({
        body: bytesSchema,
        body_meta: z.record(z.string(), z.unknown()).nullish(),
        face_detection_data: z.array(faceDetectionDataWire).min(1).nullish(),
      })
      .optional(),
    // …and the flat 5.51 form (`body` next to `source_type`), normalised into `source` below.
    body: bytesSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (value.source === undefined && value.body === undefined) {
      ctx.addIssue({ code: "custom", message: "either 'source.body' or 'body' is required", path: ["source"] });
    }
    if (value.source !== undefined && value.body !== undefined) {
      ctx.addIssue({ code: "custom", message: "give the image as 'source.body' or 'body', not both", path: ["body"] });
    }
  });

export const handlersInputWireSchema = z.strictObject({
  sources: z.array(rawImageSourceWire),
  aggregate_attributes: flagSchema.optional(),
  use_exif_info: flagSchema.optional(),
  source_data: sourceDataWire.nullish(),
});

function camelSourceData(w: z.infer<typeof sourceDataWire> | null | undefined): SourceData | null {
  if (!w) return null;
  return {
    source: w.source ?? null,
    streamId: w.stream_id ?? null,
    tags: w.tags ?? null,
    userData: w.user_data ?? "",
    externalId: w.external_id ?? "",
    trackId: w.track_id ?? null,
    meta: w.meta ?? null,
    eventTime: w.event_time ?? null,
    eventEndTime: w.event_end_time ?? null,
    location: w.location
      ? {
          geoPosition: w.location.geo_position ?? null,
          street: w.location.street ?? null,
          houseNumber: w.location.house_number ?? null,
          district: w.location.district ?? null,
          area: w.location.area ?? null,
          city: w.location.city ?? null,
        }
      : null,
  };
}

export interface BoundingBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SourceData {
  source: string | null;
  streamId: string | null;
  tags: string[] | null;
  userData: string;
  externalId: string;
  trackId: string | null;
  meta: Record<string, unknown> | null;
  eventTime: string | null;
  eventEndTime: string | null;
  location: {
    geoPosition: { latitude: number; longitude: number } | null;
    street: string | null;
    houseNumber: string | null;
    district: string | null;
    area: string | null;
    city: string | null;
  } | null;
}

export interface FaceDetectionData {
  boundingBox: BoundingBox;
  originBoundingBox: BoundingBox | null;
  angles: { pitch?: number; roll?: number; yaw?: number } | null;
  score: number | null;
}

/** One image of the request (`request.data.sources[i]`). */
export interface HandlersSource {
  sourceType: "raw_image" | 0 | 1;
  filename: string | null;
  /** ISO-8601 time of detection, as the caller gave it. */
  detectTime: string | null;
  detectTs: number | null;
  /** URL/id of the stored origin image, or the image itself. */
  imageOrigin: string | { body: string | Uint8Array; bodyMeta: Record<string, unknown> | null } | null;
  faceBoundingBoxes: BoundingBox[] | null;
  bodyBoundingBoxes: BoundingBox[] | null;
  sourceData: SourceData | null;
  meta: Record<string, unknown> | null;
  source: {
    /** The image bytes. */
    body: Uint8Array;
    bodyMeta: Record<string, unknown> | null;
    /** Face areas drawn by the caller (`face_detection_data[].bounding_box`). */
    faceDetectionData: FaceDetectionData[];
  };
}

/** `request.data`: the validated body Luna-Handlers sends (camelCase). */
export interface HandlersInput {
  sources: HandlersSource[];
  aggregateAttributes: 0 | 1;
  useExifInfo: 0 | 1;
  sourceData: SourceData | null;
}

function camelBox(b: { x: number; y: number; width: number; height: number }): BoundingBox {
  return { x: b.x, y: b.y, width: b.width, height: b.height };
}

/** Parsed, camelCase form: what `request.data` gives user code. */
export const handlersInputSchema = handlersInputWireSchema.transform(
  (w): HandlersInput => ({
    sources: w.sources.map((s) => {
      const body = (s.source?.body ?? s.body) as Uint8Array;
      return {
        sourceType: s.source_type,
        filename: s.filename ?? null,
        detectTime: s.detect_time ?? null,
        detectTs: s.detect_ts ?? null,
        imageOrigin:
          s.image_origin == null
            ? null
            : typeof s.image_origin === "string"
              ? s.image_origin
              : { body: s.image_origin.body, bodyMeta: s.image_origin.body_meta ?? null },
        faceBoundingBoxes: s.face_bounding_boxes?.map(camelBox) ?? null,
        bodyBoundingBoxes: s.body_bounding_boxes?.map(camelBox) ?? null,
        sourceData: camelSourceData(s.source_data),
        meta: s.meta ?? null,
        source: {
          body,
          bodyMeta: s.source?.body_meta ?? null,
          faceDetectionData: (s.source?.face_detection_data ?? []).map((d) => ({
            boundingBox: camelBox(d.bounding_box),
            originBoundingBox: d.origin_bounding_box ? camelBox(d.origin_bounding_box) : null,
            angles: d.angles ?? null,
            score: d.score ?? null,
          })),
        },
      };
    }),
    aggregateAttributes: w.aggregate_attributes ?? 0,
    useExifInfo: w.use_exif_info ?? 1,
    sourceData: camelSourceData(w.source_data),
  }),
);

export type HandlersInputWire = z.input<typeof handlersInputWireSchema>;
