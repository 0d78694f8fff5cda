/**
 * The Remote SDK `/sdk` contract for structured bodies (msgpack or JSON `{images: [...]}`), as a
 * platform-neutral function: the server's route uses it for those bodies, and the browser's
 * inference worker answers a lambda's `clients.sdk` calls with it — so both targets validate,
 * estimate and encode exactly alike.
 */
import { decode, encode } from "@msgpack/msgpack";
import { Errors, LunaError, toLunaError } from "../luna/errors.ts";
import { withBase64Bytes } from "../luna/schemas/common.ts";
import {
  sdkFlagsFromQuery,
  sdkImagesBodySchema,
  sdkQuerySchema,
  unavailableSdkFlags,
  type SdkFlags,
  type SdkQuery,
} from "../luna/schemas/sdk.ts";
import { checkInputValue } from "../luna/inputSafety.ts";
import { parseInput } from "../luna/validate.ts";
import type { EstimateResult, FacePipeline, PipelineImage } from "./pipeline.ts";

export interface SdkHttpRequest {
  query: Record<string, string>;
  /** Media type without parameters. */
  contentType: string;
  body: Uint8Array;
  /** The Accept header: msgpack replies keep warps and descriptors as bytes. */
  accept: string;
}

export interface SdkHttpReply {
  status: number;
  contentType: "application/json" | "application/msgpack";
  body: Uint8Array;
  /** Present when the pipeline ran. */
  result?: EstimateResult;
}

/** Validated flags; a flag without a model is a clear 501, never a made-up value. */
export function sdkFlagsForQuery(query: SdkQuery): SdkFlags {
  for (const flag of unavailableSdkFlags) {
    if (query[flag] === 1)
      throw new LunaError(
        Errors.ModelNotAvailable,
        `'${flag}=1' needs a model this playground does not have; set it to 0`,
      );
  }
  return sdkFlagsFromQuery(query);
}

/** `{images: [...]}` → pipeline images; drawn boxes (face_detection_data / face_bounding_boxes) become face areas. */
export function sdkImagesFromBody(value: unknown, kind: "json" | "msgpack", maxImages: number): PipelineImage[] {
  const body = parseInput(sdkImagesBodySchema, value, kind);
  if (body.images.length === 0) throw new LunaError(Errors.NoImages);
  if (body.images.length > maxImages) throw new LunaError(Errors.TooManyImages, body.images.length, maxImages);
  return body.images.map((image, i) => {
    const boxes = [
      ...(image.face_detection_data ?? []).map((d) => d.bounding_box),
      ...(image.face_bounding_boxes ?? []),
    ];
    return {
      filename: image.filename ?? `image_${i}`,
      body: image.body,
      ...(boxes.length ? { faceAreas: boxes } : {}),
    };
  });
}

function encodeReply(status: number, value: unknown, accept: string): Omit<SdkHttpReply, "result"> {
  if (/application\/(x-)?msgpack/i.test(accept))
    return { status, contentType: "application/msgpack", body: encode(value, { ignoreUndefined: true }) };
  return {
    status,
    contentType: "application/json",
    body: new TextEncoder().encode(JSON.stringify(withBase64Bytes(value))),
  };
}

function parseStructured(request: SdkHttpRequest): { value: unknown; kind: "json" | "msgpack" } {
  if (request.body.length === 0) throw new LunaError(Errors.EmptyBody);
  if (/^application\/(x-)?msgpack$/.test(request.contentType)) {
    let value: unknown;
    try {
      value = decode(request.body);
    } catch {
      throw new LunaError(Errors.BadInputMsgpack, "(root)", "the body is not valid msgpack");
    }
    checkInputValue(value, "msgpack");
    return { value, kind: "msgpack" };
  }
  if (request.contentType === "application/json") {
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder().decode(request.body));
    } catch {
      throw new LunaError(Errors.RequestNotContainsJson);
    }
    checkInputValue(value, "json");
    return { value, kind: "json" };
  }
  if (request.contentType === "") throw new LunaError(Errors.BadContentType);
  throw new LunaError(Errors.UnacceptableContentType, "application/msgpack, application/json");
}

/** Answers one structured /sdk request; every failure becomes its Luna error reply. */
export async function answerSdkRequest(
  pipeline: FacePipeline,
  request: SdkHttpRequest,
  limits: { maxImages: number },
): Promise<SdkHttpReply> {
  try {
    const flags = sdkFlagsForQuery(parseInput(sdkQuerySchema, request.query, "query"));
    const { value, kind } = parseStructured(request);
    const images = sdkImagesFromBody(value, kind, limits.maxImages);
    const result = await pipeline.estimate(images, flags);
    return { ...encodeReply(200, result.reply, request.accept), result };
  } catch (error) {
    const luna = toLunaError(error);
    return encodeReply(luna.status, luna.toBody(), request.accept);
  }
}
