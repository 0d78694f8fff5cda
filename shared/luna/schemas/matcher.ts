/** Luna Python Matcher (api 1) wire schemas: raw descriptor matching and face matching. */
import { z } from "zod";
import { bytesSchema, uuidSchema } from "./common.ts";

export const binaryReferenceSchema = z.strictObject({
  id: z.string().min(1).max(256),
  type: z.literal("sdk_descriptor"),
  data: bytesSchema,
});

export const matchRawSchema = z.strictObject({
  references: z.array(binaryReferenceSchema).min(1).max(100),
  candidates: z.array(binaryReferenceSchema).min(1).max(10000),
});

export const matchRawReplySchema = z.object({
  matches: z.array(
    z.object({
      reference_id: z.string(),
      matches: z.array(z.object({ candidate_id: z.string(), similarity: z.number() })),
    }),
  ),
});

export const faceReferenceSchema = z.union([
  z.strictObject({ type: z.literal("face"), id: uuidSchema }),
  z.strictObject({ type: z.literal("sdk_descriptor"), id: z.string().min(1).max(256), data: bytesSchema }),
]);

export const faceCandidatesSchema = z.strictObject({
  filters: z
    .strictObject({ list_id: uuidSchema.optional(), face_ids: z.array(uuidSchema).min(1).max(1000).optional() })
    .refine((f) => f.list_id !== undefined || f.face_ids !== undefined, { message: "give list_id or face_ids" }),
  limit: z.number().int().min(1).max(100).default(3),
  threshold: z.number().min(0).max(1).default(0),
});

export const matchFacesSchema = z.strictObject({
  references: z.array(faceReferenceSchema).min(1).max(100),
  candidates: z.array(faceCandidatesSchema).min(1).max(10),
});
