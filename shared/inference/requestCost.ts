/**
 * The cost limits of one estimation request, checked before any image is decoded: all images'
 * pixels together (read from their headers) and the face boxes of each image (each box is one
 * more detector run). Cheap requests can then never buy expensive work.
 */
import { Errors, LunaError } from "../luna/errors.ts";
import type { ImageCodec } from "./imageCodec.ts";
import type { PipelineImage } from "./pipeline.ts";

export interface RequestCostLimits {
  /** Pixels of all images of a request together (MAX_REQUEST_PIXELS). */
  maxRequestPixels: number;
  /** Face boxes per image (MAX_BOXES_PER_IMAGE). */
  maxBoxesPerImage: number;
}

export async function checkRequestCost(
  images: readonly PipelineImage[],
  codec: ImageCodec,
  limits: RequestCostLimits,
): Promise<void> {
  for (const image of images) {
    const boxes = image.faceAreas?.length ?? 0;
    if (boxes > limits.maxBoxesPerImage)
      throw new LunaError(Errors.TooManyFaceBoxes, image.filename, boxes, limits.maxBoxesPerImage);
  }
  let pixels = 0;
  for (const image of images) {
    // An unreadable header costs nothing here: that image fails its own entry at decoding.
    const size =
      image.body instanceof Uint8Array
        ? await codec.readSize?.(image.body)
        : { width: image.body.width, height: image.body.height };
    if (size) pixels += size.width * size.height;
    if (pixels > limits.maxRequestPixels)
      throw new LunaError(Errors.TooManyRequestPixels, `more than ${limits.maxRequestPixels}`, limits.maxRequestPixels);
  }
}
