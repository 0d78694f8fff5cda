/**
 * Remote SDK `/sdk`: query flags, request body and reply (docs/luna-reference.md §6, §7).
 */
import { z } from "zod";
import { estimatorFlags, estimators, type AnyEstimator } from "../../inference/estimators.ts";
import { snakeToCamel, type SnakeToCamel } from "../wireNames.ts";
import { boundingBoxSchema, bytesSchema, replyBytesSchema, unitIntervalSchema } from "./common.ts";

const queryFlag = z.enum(["0", "1"]).transform((v) => (v === "1" ? 1 : 0));

/** Flags the core answers itself: detection, and the landmarks and warp estimators build on. */
export const coreSdkFlags = [
  "detect_face",
  "estimate_landmarks5",
  "estimate_landmarks68",
  "estimate_face_warp",
] as const;

/** Flags we estimate with a real model: the core's, then one per estimator (shared/inference/estimators.ts). */
export const supportedSdkFlags = [...coreSdkFlags, ...estimatorFlags];

/** One line per supported flag, for the editor's completions and the command line's help. */
export const sdkFlagSummaries: ReadonlyMap<(typeof supportedSdkFlags)[number], string> = new Map([
  ["detect_face", "face detection (always on: every estimation needs a face)"],
  ["estimate_landmarks5", "5 landmarks: eye centres, nose tip, mouth corners"],
  ["estimate_landmarks68", "68 landmarks (iBUG-300W order)"],
  ["estimate_face_warp", "the 112×112 aligned face as JPEG (warp)"],
  ...estimators.map((e) => [e.flag, e.summary] as const),
]);

/**
 * Luna flags for which no model is reachable here: accepted when 0, a clear 501 when 1
 * (never a made-up value).
 */
export const unavailableSdkFlags = [
  "detect_body",
  "estimate_quality",
  "estimate_gaze",
  "estimate_mouth_attributes",
  "estimate_glasses",
  "estimate_body_warp",
  "estimate_body_descriptor",
  "estimate_upper_body",
  "estimate_people_count",
  "estimate_image_modification",
] as const;

export type SdkFlagName = (typeof supportedSdkFlags)[number];
export type UnavailableSdkFlagName = (typeof unavailableSdkFlags)[number];

const flagShape = Object.fromEntries(
  [...supportedSdkFlags, ...unavailableSdkFlags].map((f) => [f, queryFlag.optional()]),
);

export const sdkQuerySchema = z.strictObject({
  ...(flagShape as Record<SdkFlagName | (typeof unavailableSdkFlags)[number], z.ZodOptional<typeof queryFlag>>),
  /** 0: one face allowed (more is an error), 1: all faces (default), 2: only the best face. */
  multiface_policy: z.enum(["0", "1", "2"]).transform(Number).optional(),
  /** 0 raw image; 1 face warp is not supported (no warp-input path); accepted for completeness. */
  image_type: z.enum(["0"]).transform(Number).optional(),
  aggregate_attributes: z.enum(["0"]).transform(Number).optional(),
});
export type SdkQuery = z.output<typeof sdkQuerySchema>;

/** The camelCase key of each supported flag in SdkFlags (and the lambda client's option). */
export type SdkFlagKey = SnakeToCamel<SdkFlagName>;

export type SdkFlags = { [K in SdkFlagKey]: boolean } & { multifacePolicy: 0 | 1 | 2 };

const flagKeys = supportedSdkFlags.map((flag) => [flag, snakeToCamel(flag)] as const);

export const defaultSdkFlags: SdkFlags = {
  ...(Object.fromEntries(flagKeys.map(([flag, key]) => [key, flag === "detect_face"])) as Record<SdkFlagKey, boolean>),
  multifacePolicy: 1,
};

/** Query → flags. Detection always runs (every estimation needs a face). */
export function sdkFlagsFromQuery(q: SdkQuery): SdkFlags {
  return {
    ...(Object.fromEntries(flagKeys.map(([flag, key]) => [key, flag === "detect_face" || q[flag] === 1])) as Record<
      SdkFlagKey,
      boolean
    >),
    multifacePolicy: (q.multiface_policy ?? 1) as 0 | 1 | 2,
  };
}

/** Flags → the /sdk query (the inverse of sdkFlagsFromQuery; detection is implied, so not sent). */
export function sdkQueryFromFlags(flags: SdkFlags): Record<string, string> {
  const query: Record<string, string> = { multiface_policy: String(flags.multifacePolicy) };
  for (const [flag, key] of flagKeys) if (flag !== "detect_face" && flags[key]) query[flag] = "1";
  return query;
}

/** JSON or msgpack body: `{images: [{filename, body, face_detection_data?}]}`. */
export const sdkImagesBodySchema = z.strictObject({
  images: z
    .array(
      z.strictObject({
        filename: z.string().optional(),
        body: bytesSchema,
        mimetype: z.string().optional(),
        face_detection_data: z
          .array(z.strictObject({ bounding_box: boundingBoxSchema }))
          .min(1)
          .optional(),
        face_bounding_boxes: z.array(boundingBoxSchema).min(1).optional(),
      }),
    )
    .min(1),
});
export type SdkImagesBody = z.output<typeof sdkImagesBodySchema>;

// ---------------------------------------------------------------- reply

const point = z.tuple([z.number(), z.number()]);

export { emotionNames, type EmotionName } from "../../inference/attributes/emotions.ts";
export { maskNames, type MaskName } from "../../inference/attributes/mask.ts";

/** `detection.attributes`: each estimator's own reply schema under its key, in list order. */
export const faceAttributesSchema = z.object(
  Object.fromEntries(estimators.map((e) => [e.replyKey, e.reply.optional()])) as {
    [E in AnyEstimator as E["replyKey"]]: z.ZodOptional<E["reply"]>;
  },
);

export const faceDetectionReplySchema = z.object({
  rect: boundingBoxSchema.extend({ width: z.number().int().nonnegative(), height: z.number().int().nonnegative() }),
  score: unitIntervalSchema,
  landmarks5: z.array(point).length(5).optional(),
  landmarks68: z.array(point).length(68).optional(),
  warp: replyBytesSchema.optional(),
  attributes: faceAttributesSchema,
});

export const imageEstimationsSchema = z.object({
  filename: z.string(),
  status: z.union([z.literal(0), z.literal(1)]),
  error: z.object({ error_code: z.number(), desc: z.string(), detail: z.string(), link: z.string() }),
  estimations: z.array(z.object({ face: z.object({ detection: faceDetectionReplySchema }) })),
});

export const sdkReplySchema = z.object({ images_estimations: z.array(imageEstimationsSchema) });

export type FaceAttributesReply = z.infer<typeof faceAttributesSchema>;
export type FaceDetectionReply = z.infer<typeof faceDetectionReplySchema>;
export type ImageEstimationsReply = z.infer<typeof imageEstimationsSchema>;
export type SdkReply = z.infer<typeof sdkReplySchema>;
