/** Luna Events (api 2) wire schemas: the event a handler (or seed example 4) saves, and queries. */
import { z } from "zod";
import { freeFormJson } from "../inputSafety.ts";
import { bytesSchema, isoTimeSchema, paginationQuery, uuidSchema } from "./common.ts";

// Free-form objects (meta, location …): any JSON, but never nested past what reads back in every format.
const json = freeFormJson(z.record(z.string(), z.unknown()));

export const eventDescriptorSchema = z
  .strictObject({
    /** Full sdk_descriptor container… */
    sdk_descriptor: bytesSchema.optional(),
    /** …or the bare payload with its version, as luna3's Descriptor(descriptor, descriptorVersion) sends. */
    descriptor: bytesSchema.optional(),
    descriptor_version: z.number().int().positive().optional(),
  })
  .refine((d) => d.sdk_descriptor !== undefined || (d.descriptor !== undefined && d.descriptor_version !== undefined), {
    message: "give sdk_descriptor, or descriptor with descriptor_version",
  });

const sampleRef = z.strictObject({
  sample_id: z.string().min(1).max(256),
  url: z.string().nullish(),
  detection: json.nullish(),
});

export const eventDetectionSchema = z.strictObject({
  filename: z.string().max(256).nullish(),
  detect_time: isoTimeSchema.nullish(),
  detect_ts: z.number().nullish(),
  image_origin: z.string().max(512).nullish(),
  samples: z.strictObject({ face: sampleRef.nullish(), body: sampleRef.nullish() }).nullish(),
});

export const eventInputSchema = z.strictObject({
  event_id: uuidSchema.optional(),
  create_time: isoTimeSchema.optional(),
  end_time: isoTimeSchema.nullish(),
  handler_id: z.string().max(64).nullish(),
  external_id: z.string().max(256).default(""),
  user_data: z.string().max(128).default(""),
  source: z.string().max(128).nullish(),
  stream_id: z.string().max(64).nullish(),
  track_id: z.string().max(64).nullish(),
  tags: z.array(z.string().max(64)).max(64).nullish(),
  location: json.nullish(),
  meta: json.nullish(),
  face: z.strictObject({ face_id: uuidSchema.nullish(), lists: z.array(uuidSchema).default([]) }).nullish(),
  face_attributes: z
    .strictObject({
      descriptor: eventDescriptorSchema.nullish(),
      basic_attributes: json.nullish(),
      samples: z.array(z.string()).nullish(),
      attribute_id: z.string().nullish(),
      url: z.string().nullish(),
    })
    .nullish(),
  body_attributes: json.nullish(),
  aggregate_estimations: json.nullish(),
  detections: z.array(eventDetectionSchema).max(64).default([]),
  matches: z.array(z.unknown()).nullish(),
});
export type EventInput = z.output<typeof eventInputSchema>;

export const saveEventsSchema = z.strictObject({ events: z.array(eventInputSchema).min(1).max(1000) });
export const saveEventsQuerySchema = z.strictObject({ wait_events_saving: z.enum(["0", "1"]).optional() });
export const savedEventsSchema = z.object({ events: z.array(z.object({ event_id: z.string(), url: z.string() })) });

export const eventsQuerySchema = z.strictObject({
  ...paginationQuery,
  handler_id: z.string().max(64).optional(),
  external_id: z.string().max(256).optional(),
  create_time__gte: isoTimeSchema.optional(),
  create_time__lt: isoTimeSchema.optional(),
});
export type EventsQuery = z.output<typeof eventsQuerySchema>;
