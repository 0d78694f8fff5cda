/**
 * Builds the msgpack body a handlers lambda receives, the way the seed's request examples build it
 * (RequestPayload.buildMsgpack of {aggregate_attributes, sources: [{source: {body,
 * face_detection_data}, filename, source_type: "raw_image"}]}). The playground, the tests and the
 * exported `requests/` all use this one builder.
 */
import { encode } from "@msgpack/msgpack";
import type { BoundingBox } from "../luna/schemas/handlersInput.ts";

export interface RequestImage {
  filename: string;
  body: Uint8Array;
  /** Face areas drawn by the user: become `source.face_detection_data[].bounding_box`. */
  boxes?: BoundingBox[];
  /** Other keys of the source (detect_time, meta, source_data…), as the wire has them. */
  fields?: Record<string, unknown>;
  /** `source.body_meta`. */
  bodyMeta?: Record<string, unknown>;
}

export interface RequestOptions {
  /** Also send the boxes as the source's `face_bounding_boxes`. */
  sendFaceBoundingBoxes?: boolean;
  aggregateAttributes?: 0 | 1;
  /** Other top-level keys (use_exif_info, source_data), as the wire has them. */
  fields?: Record<string, unknown>;
}

/** Integer pixels, clipped to non-negative size: what Luna's BoundingBox accepts. */
function wireBox(b: BoundingBox): BoundingBox {
  return {
    x: Math.round(b.x),
    y: Math.round(b.y),
    width: Math.max(1, Math.round(b.width)),
    height: Math.max(1, Math.round(b.height)),
  };
}

export function buildHandlersRequest(
  images: readonly RequestImage[],
  options: RequestOptions = {},
): Record<string, unknown> {
  return {
    aggregate_attributes: options.aggregateAttributes ?? 0,
    ...options.fields,
    sources: images.map((image) => {
      const boxes = (image.boxes ?? []).map(wireBox);
      return {
        source: {
          body: image.body,
          ...(image.bodyMeta ? { body_meta: image.bodyMeta } : {}),
          ...(boxes.length ? { face_detection_data: boxes.map((b) => ({ bounding_box: b })) } : {}),
        },
        filename: image.filename,
        source_type: "raw_image",
        ...image.fields,
        ...(options.sendFaceBoundingBoxes && boxes.length ? { face_bounding_boxes: boxes } : {}),
      };
    }),
  };
}

export function encodeHandlersRequest(images: readonly RequestImage[], options: RequestOptions = {}): Uint8Array {
  return encode(buildHandlersRequest(images, options));
}
