/** Luna Faces (api 3) wire schemas: faces, their attribute (descriptors, basic attributes), lists. */
import { z } from "zod";
import { bytesSchema, commaList, isoTimeSchema, paginationQuery, uuidSchema } from "./common.ts";

/** A descriptor as sdk_descriptor bytes (base64 in JSON), bare or as {sdk_descriptor}. */
export const descriptorInputSchema = z.union([bytesSchema, z.strictObject({ sdk_descriptor: bytesSchema })]);

export const basicAttributesInputSchema = z.strictObject({
  age: z.number().min(0).max(150).nullish(),
  gender: z.union([z.literal(0), z.literal(1)]).nullish(),
  ethnicity: z.enum(["asian", "indian", "caucasian", "african_american"]).nullish(),
});

export const faceAttributeInputSchema = z.strictObject({
  descriptors: z.array(descriptorInputSchema).max(16).default([]),
  basic_attributes: basicAttributesInputSchema.nullish(),
  descriptor_samples: z.array(z.string().min(1).max(256)).max(64).default([]),
  basic_attributes_samples: z.array(z.string().min(1).max(256)).max(64).default([]),
});

export const createFaceSchema = z.strictObject({
  event_id: uuidSchema.nullish(),
  user_data: z.string().max(128).default(""),
  external_id: z.string().max(256).default(""),
  avatar: z.string().max(256).default(""),
  lists: z.array(uuidSchema).max(64).default([]),
  attribute: faceAttributeInputSchema.optional(),
});
export type CreateFace = z.output<typeof createFaceSchema>;

export const patchFaceSchema = z
  .strictObject({
    event_id: uuidSchema.nullish(),
    user_data: z.string().max(128).optional(),
    external_id: z.string().max(256).optional(),
    avatar: z.string().max(256).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: "give at least one field to change" });
export type PatchFace = z.output<typeof patchFaceSchema>;

export const facesQuerySchema = z.strictObject({
  ...paginationQuery,
  face_ids: commaList(uuidSchema).optional(),
  external_ids: commaList(z.string().max(256)).optional(),
  user_data: z.string().max(128).optional(),
  list_id: uuidSchema.optional(),
  event_id: uuidSchema.optional(),
  create_time__gte: isoTimeSchema.optional(),
  create_time__lt: isoTimeSchema.optional(),
});
export type FacesQuery = z.output<typeof facesQuerySchema>;

export const faceSchema = z.object({
  face_id: z.string(),
  account_id: z.string(),
  event_id: z.string().nullable(),
  user_data: z.string(),
  external_id: z.string(),
  avatar: z.string(),
  create_time: z.string(),
  lists: z.array(z.string()),
  attributes: z.object({
    basic_attributes: z.record(z.string(), z.unknown()).nullable(),
    descriptors: z.array(z.object({ version: z.number().int() })),
    descriptor_samples: z.array(z.string()),
    basic_attributes_samples: z.array(z.string()),
  }),
});
export type Face = z.infer<typeof faceSchema>;

export const createdFaceSchema = z.object({ face_id: z.string(), url: z.string() });
export const facesPageSchema = z.object({ faces: z.array(faceSchema), count: z.number().int() });

export const createListSchema = z.strictObject({ user_data: z.string().max(128).default("") });
export const listSchema = z.object({
  list_id: z.string(),
  account_id: z.string(),
  user_data: z.string(),
  create_time: z.string(),
  faces_count: z.number().int(),
});
export const listsQuerySchema = z.strictObject({ ...paginationQuery });
export const linkFacesSchema = z.strictObject({
  action: z.enum(["attach", "detach"]),
  face_ids: z.array(uuidSchema).min(1).max(1000),
});
