/**
 * Luna Image Store stand-in, api 1: buckets of images (face samples, body samples, image origins).
 * Bodies are raw image bytes (image/jpeg|png|webp or application/octet-stream, checked by their
 * first bytes) or base64 text as `image/x-base64`; the sniffed content type is kept.
 */
import { Errors, LunaError } from "../../shared/luna/errors.ts";
import { base64ToBytes } from "../../shared/luna/schemas/common.ts";
import { imagesPageSchema, imagesQuerySchema } from "../../shared/luna/schemas/imageStore.ts";
import { IMAGE_MIME_TYPES, sniffImageFormat } from "../../shared/inference/imageFormat.ts";
import { mediaType, readRawBody } from "../http/body.ts";
import { route, type ServiceTable } from "../http/routeTable.ts";
import type { ImagesRepository } from "../store/imagesRepository.ts";
import { pathUuid } from "./pathParams.ts";

export const IMAGE_STORE_PREFIX = "/luna-image-store/1";
export const DEFAULT_BUCKETS = ["visionlabs-samples", "visionlabs-bodies-samples", "visionlabs-image-origin"] as const;

const ACCEPTED = ["image/jpeg", "image/png", "image/webp", "application/octet-stream", "image/x-base64"];

function bucketOf(name: string | undefined): string {
  if (!name || !(DEFAULT_BUCKETS as readonly string[]).includes(name))
    throw new LunaError(Errors.BucketNotFound, name ?? "");
  return name;
}

export function imageStoreService(repo: ImagesRepository, maxBodyBytes: number): ServiceTable {
  /** The stored image a path names, or 404 (bucket or image). */
  const findImage = async (params: Record<string, string>, account: string) => {
    const bucket = bucketOf(params.bucket);
    const imageId = pathUuid("image_id", params.imageId);
    const meta = await repo.meta(bucket, account, imageId);
    if (!meta) throw new LunaError(Errors.ImageNotFound, imageId);
    return { bucket, imageId, meta };
  };
  return {
    name: "Luna Image Store (embedded)",
    prefix: IMAGE_STORE_PREFIX,
    version: "1",
    maxBodyBytes,
    routes: [
      route({
        method: "get",
        path: "/buckets",
        summary: "The buckets",
        responses: { 200: "bucket names" },
        handle: async () => ({ status: 200, body: { buckets: DEFAULT_BUCKETS } }),
      }),
      route({
        method: "get",
        path: "/buckets/:bucket/images",
        summary:
          "List the account's images in a bucket, newest first (this project's addition: Luna gets images by id only)",
        query: imagesQuerySchema,
        reply: imagesPageSchema,
        responses: { 200: "a page of image metadata and the count", 404: "no such bucket" },
        handle: async ({ params, query, account }) => ({
          status: 200,
          body: await repo.list(bucketOf(params.bucket), account, query.page, query.page_size),
        }),
      }),
      route({
        method: "post",
        path: "/buckets/:bucket/images",
        summary: "Store an image; answers its new id",
        rawBody: ACCEPTED,
        responses: { 201: "stored", 400: "not a JPEG, PNG or WebP image", 404: "no such bucket" },
        handle: async ({ req, params, account, baseUrl }) => {
          const bucket = bucketOf(params.bucket);
          const type = mediaType(req);
          if (!ACCEPTED.includes(type)) throw new LunaError(Errors.UnacceptableContentType, ACCEPTED.join(", "));
          let bytes = await readRawBody(req, maxBodyBytes);
          if (bytes.length === 0) throw new LunaError(Errors.EmptyBody);
          if (type === "image/x-base64") {
            try {
              bytes = base64ToBytes(new TextDecoder().decode(bytes).trim());
            } catch {
              throw new LunaError(Errors.ImageDecodeFailed, "body", "image/x-base64 body is not base64");
            }
          }
          const format = sniffImageFormat(bytes);
          if (!format) throw new LunaError(Errors.ImageDecodeFailed, "body", "not a JPEG, PNG or WebP image");
          const imageId = await repo.put(bucket, account, bytes, IMAGE_MIME_TYPES[format]);
          const url = `${baseUrl}/buckets/${bucket}/images/${imageId}`;
          return { status: 201, body: { image_id: imageId, url }, headers: { Location: url } };
        },
      }),
      // HEAD before GET: Express would otherwise answer HEAD with the GET handler.
      route({
        method: "head",
        path: "/buckets/:bucket/images/:imageId",
        summary: "Whether the image exists (Content-Type and Content-Length)",
        responses: { 200: "exists", 404: "no such image" },
        handle: async ({ res, params, account }) => {
          const { meta } = await findImage(params, account);
          res.status(200).type(meta.content_type).setHeader("Content-Length", String(meta.size));
          res.end();
        },
      }),
      route({
        method: "get",
        path: "/buckets/:bucket/images/:imageId",
        summary: "The image bytes, with their content type",
        responses: { 200: "image", 404: "no such image" },
        handle: async ({ res, params, account }) => {
          const { bucket, imageId, meta } = await findImage(params, account);
          const bytes = await repo.bytes(bucket, account, imageId);
          if (!bytes) throw new LunaError(Errors.ImageNotFound, imageId);
          res.status(200).type(meta.content_type).setHeader("Cache-Control", "private, max-age=31536000, immutable");
          res.setHeader("Content-Length", String(bytes.length));
          res.end(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        },
      }),
      route({
        method: "delete",
        path: "/buckets/:bucket/images/:imageId",
        summary: "Delete an image",
        responses: { 204: "deleted", 404: "no such image" },
        handle: async ({ params, account }) => {
          const bucket = bucketOf(params.bucket);
          const imageId = pathUuid("image_id", params.imageId);
          if (!(await repo.delete(bucket, account, imageId))) throw new LunaError(Errors.ImageNotFound, imageId);
          return { status: 204 };
        },
      }),
    ],
  };
}
