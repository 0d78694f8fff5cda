/**
 * Remote SDK `/sdk`: query flags, request body and reply (docs/luna-reference.md §6, §7).
 */
import { z } from "zod";
import { boundingBoxSchema, bytesSchema } from "./common.ts";

const queryFlag = z.enum(["0", "1"]).transform((v) => (v === "1" ? 1 : 0));

/** Flags we estimate with a real model. */
export const supportedSdkFlags = [
  "detect_face",
  "estimate_landmarks5",
  "estimate_landmarks68",
  "estimate_face_warp",
  "estimate_face_descriptor",
  "estimate_basic_attributes",
  "estimate_emotions",
  "estimate_liveness",
  "estimate_head_pose",
  "estimate_eyes_attributes",
  "estimate_mask",
] as const;

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

const flagShape = Object.fromEntries([...supportedSdkFlags, ...unavailableSdkFlags].map((f) => [f, queryFlag.optional()]));

export const sdkQuerySchema = z.strictObject({
  ...(flagShape as Record<SdkFlagName | (typeof unavailableSdkFlags)[number], z.ZodOptional<typeof queryFlag>>),
  /** 0: one face allowed (more is an error), 1: all faces (default), 2: only the best face. */
  multiface_policy: z.enum(["0", "1", "2"]).transform(Number).optional(),
  /** 0 raw image; 1 face warp is not supported (no warp-input path); accepted for completeness. */
  image_type: z.enum(["0"]).transform(Number).optional(),
  aggregate_attributes: z.enum(["0"]).transform(Number).optional(),
});
export type SdkQuery = z.output<typeof sdkQuerySchema>;

export interface SdkFlags {
  detectFace: boolean;
  estimateLandmarks5: boolean;
  estimateLandmarks68: boolean;
  estimateFaceWarp: boolean;
  estimateFaceDescriptor: boolean;
  estimateBasicAttributes: boolean;
  estimateEmotions: boolean;
  estimateLiveness: boolean;
  estimateHeadPose: boolean;
  estimateEyesAttributes: boolean;
  estimateMask: boolean;
  multifacePolicy: 0 | 1 | 2;
}

export const defaultSdkFlags: SdkFlags = {
  detectFace: true,
  estimateLandmarks5: false,
  estimateLandmarks68: false,
  estimateFaceWarp: false,
  estimateFaceDescriptor: false,
  estimateBasicAttributes: false,
  estimateEmotions: false,
  estimateLiveness: false,
  estimateHeadPose: false,
  estimateEyesAttributes: false,
  estimateMask: false,
  multifacePolicy: 1,
};

/** Query → flags. Detection always runs (every estimation needs a face). */
export function sdkFlagsFromQuery(q: SdkQuery): SdkFlags {
  return {
    detectFace: true,
    estimateLandmarks5: q.estimate_landmarks5 === 1,
    estimateLandmarks68: q.estimate_landmarks68 === 1,
    estimateFaceWarp: q.estimate_face_warp === 1,
    estimateFaceDescriptor: q.estimate_face_descriptor === 1,
    estimateBasicAttributes: q.estimate_basic_attributes === 1,
    estimateEmotions: q.estimate_emotions === 1,
    estimateLiveness: q.estimate_liveness === 1,
    estimateHeadPose: q.estimate_head_pose === 1,
    estimateEyesAttributes: q.estimate_eyes_attributes === 1,
    estimateMask: q.estimate_mask === 1,
    multifacePolicy: (q.multiface_policy ?? 1) as 0 | 1 | 2,
  };
}

/** Flags → the /sdk query (the inverse of sdkFlagsFromQuery; detection is implied, so not sent). */
export function sdkQueryFromFlags(flags: SdkFlags): Record<string, string> {
  const query: Record<string, string> = { multiface_policy: String(flags.multifacePolicy) };
  for (const [name, on] of Object.entries(flags)) {
    if (on === true && name !== "detectFace") query[name.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`)] = "1";
  }
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
        face_detection_data: z.array(z.strictObject({ bounding_box: boundingBoxSchema })).min(1).optional(),
        face_bounding_boxes: z.array(boundingBoxSchema).min(1).optional(),
      }),
    )
    .min(1),
});
export type SdkImagesBody = z.output<typeof sdkImagesBodySchema>;

// ---------------------------------------------------------------- reply

const point = z.tuple([z.number(), z.number()]);
const unit = z.number().min(0).max(1);

export const emotionNames = ["anger", "disgust", "fear", "happiness", "neutral", "sadness", "surprise"] as const;
export type EmotionName = (typeof emotionNames)[number];

export const maskNames = ["medical_mask", "missing", "occluded"] as const;
export type MaskName = (typeof maskNames)[number];

export const faceAttributesSchema = z.object({
  descriptor: z
    .object({ sdk_descriptor: z.union([z.string(), z.instanceof(Uint8Array)]), version: z.number().int() })
    .optional(),
  basic_attributes: z
    .object({ age: z.number().int(), gender: z.union([z.literal(0), z.literal(1)]), ethnicities: z.object({ predominant_ethnicity: z.null(), estimations: z.null() }) })
    .optional(),
  emotions: z
    .object({
      predominant_emotion: z.enum(emotionNames),
      estimations: z.record(z.enum(emotionNames), unit),
    })
    .optional(),
  liveness: z
    .object({
      prediction: z.enum(["real", "spoof", "unknown"]),
      estimations: z.object({ score: unit, quality: unit.nullable() }),
    })
    .optional(),
  head_pose: z.object({ yaw: z.number(), pitch: z.number(), roll: z.number() }).optional(),
  eyes_attributes: z
    .object({
      left_eye: z.object({ state: z.enum(["open", "closed", "occluded"]) }),
      right_eye: z.object({ state: z.enum(["open", "closed", "occluded"]) }),
    })
    .optional(),
  mask: z
    .object({
      predominant_mask: z.enum(maskNames),
      estimations: z.record(z.enum(maskNames), unit),
    })
    .optional(),
});

export const faceDetectionReplySchema = z.object({
  rect: boundingBoxSchema.extend({ width: z.number().int().nonnegative(), height: z.number().int().nonnegative() }),
  score: unit,
  landmarks5: z.array(point).length(5).optional(),
  landmarks68: z.array(point).length(68).optional(),
  warp: z.union([z.string(), z.instanceof(Uint8Array)]).optional(),
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
