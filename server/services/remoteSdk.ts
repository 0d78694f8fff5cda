/**
 * Luna Remote SDK stand-in: `POST /luna-remote-sdk/1/sdk` on the inference core.
 *
 * Body: one image (image/jpeg|png|webp), multipart/form-data with image parts, or
 * application/msgpack / application/json `{images: [{filename, body, face_detection_data?}]}`.
 * Reply: `{images_estimations: [...]}` in JSON (binary fields base64) or msgpack (`Accept`).
 * Per-stage timings leave in the standard `Server-Timing` header.
 */
import { formatServerTiming } from "../../shared/luna/serverTiming.ts";
import type { Request } from "express";
import { Errors, LunaError } from "../../shared/luna/errors.ts";
import { sdkQuerySchema, sdkReplySchema } from "../../shared/luna/schemas/sdk.ts";
import { sdkFlagsForQuery, sdkImagesFromBody } from "../../shared/inference/sdkRequest.ts";
import type { FacePipeline, PipelineImage, StageTimings } from "../../shared/inference/pipeline.ts";
import { mediaType, readRawBody, readStructuredBody } from "../http/body.ts";
import { IMAGE_CONTENT_TYPES, readMultipart } from "../http/multipart.ts";
import { route, type RouteSpec } from "../http/routeTable.ts";
import { optionalAccount } from "../http/account.ts";

export interface RemoteSdkOptions {
  pipeline: FacePipeline;
  maxBodyBytes: number;
  maxImages: number;
}

const BODY_TYPES = [...IMAGE_CONTENT_TYPES, "multipart/form-data", "application/msgpack", "application/json"];

async function readImages(req: Request, options: RemoteSdkOptions): Promise<PipelineImage[]> {
  const type = mediaType(req);
  if ((IMAGE_CONTENT_TYPES as readonly string[]).includes(type)) {
    const body = await readRawBody(req, options.maxBodyBytes);
    if (body.length === 0) throw new LunaError(Errors.EmptyBody);
    return [{ filename: filenameFromHeaders(req) ?? "image", body }];
  }
  if (type === "multipart/form-data") {
    const { files } = await readMultipart(req, {
      maxBytes: options.maxBodyBytes,
      maxFiles: options.maxImages,
      maxFields: 0,
      fileTypes: IMAGE_CONTENT_TYPES,
    });
    return files.map((p) => ({ filename: p.filename, body: p.body }));
  }
  if (type === "application/msgpack" || type === "application/x-msgpack" || type === "application/json") {
    const { kind, value } = await readStructuredBody(req, options.maxBodyBytes);
    return sdkImagesFromBody(value, kind, options.maxImages);
  }
  if (type === "") throw new LunaError(Errors.BadContentType);
  throw new LunaError(Errors.UnacceptableContentType, BODY_TYPES.join(", "));
}

function filenameFromHeaders(req: Request): string | undefined {
  const disposition = req.header("content-disposition");
  const match = disposition?.match(/filename="?([^";]+)"?/i);
  return match?.[1];
}

function serverTiming(timings: StageTimings): string {
  return formatServerTiming(Object.fromEntries(Object.entries(timings).filter(([, ms]) => ms > 0)));
}

export const REMOTE_SDK_PREFIX = "/luna-remote-sdk/1";

/** The /sdk route; no account is needed (estimation stores nothing), but only an account sees its own user models. */
export function remoteSdkRoutes(options: RemoteSdkOptions): RouteSpec[] {
  return [
    route({
      method: "post",
      path: "/sdk",
      summary: "Detect faces and estimate what the flags ask for, per image",
      public: true,
      query: sdkQuerySchema,
      rawBody: BODY_TYPES,
      reply: sdkReplySchema,
      responses: {
        200: "estimations per image (a broken image fails only its own entry)",
        400: "bad flags or body",
        413: "body over the limit",
        501: "a flag needs a model this playground does not have",
      },
      handle: async ({ req, res, query }) => {
        const flags = sdkFlagsForQuery(query);
        const images = await readImages(req, options);
        if (images.length === 0) throw new LunaError(Errors.NoImages);
        if (images.length > options.maxImages)
          throw new LunaError(Errors.TooManyImages, images.length, options.maxImages);
        // User models (the mask classifier) are the caller's account's; without one, nobody's.
        const result = await options.pipeline.estimate(images, flags, optionalAccount(req));
        res.setHeader("Server-Timing", serverTiming(result.timings));
        res.setHeader("Inference-Backend", result.backend);
        return { status: 200, body: result.reply };
      },
    }),
  ];
}
