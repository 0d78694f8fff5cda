/**
 * Luna Image Store (api 1) wire schemas. Listing a bucket's images is this project's addition
 * (Luna's Image Store gets, heads and deletes images by id only): the playground's data browser
 * lists what the account's lambdas stored (docs/luna-reference.md §10).
 */
import { z } from "zod";
import { paginationQuery } from "./common.ts";

export const imagesQuerySchema = z.strictObject({ ...paginationQuery });

export const imageMetaSchema = z.object({
  image_id: z.string(),
  bucket: z.string(),
  content_type: z.string(),
  size: z.number().int(),
  create_time: z.string(),
});
export type ImageMetaReply = z.infer<typeof imageMetaSchema>;

export const imagesPageSchema = z.object({ images: z.array(imageMetaSchema), count: z.number().int() });
