import { decode } from "@msgpack/msgpack";
import { describe, expect, it } from "vitest";
import { buildHandlersRequest, encodeHandlersRequest } from "../../../../shared/lambda/requestBuilder.ts";
import { handlersInputSchema } from "../../../../shared/luna/schemas/handlersInput.ts";
import { parseInput } from "../../../../shared/luna/validate.ts";

const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 9]);

describe("handlers request builder", () => {
  it("builds the seed's request shape", () => {
    expect(buildHandlersRequest([{ filename: "empty.jpeg", body: jpeg }])).toEqual({
      aggregate_attributes: 0,
      sources: [{ source: { body: jpeg }, filename: "empty.jpeg", source_type: "raw_image" }],
    });
  });

  it("turns drawn boxes into integer face_detection_data, optionally also face_bounding_boxes", () => {
    const body = buildHandlersRequest(
      [{ filename: "a.jpg", body: jpeg, boxes: [{ x: 10.4, y: 20.6, width: 99.5, height: 0.2 }] }],
      { sendFaceBoundingBoxes: true },
    );
    const source = (body.sources as Record<string, any>[])[0]!;
    expect(source.source.face_detection_data).toEqual([{ bounding_box: { x: 10, y: 21, width: 100, height: 1 } }]);
    expect(source.face_bounding_boxes).toEqual([{ x: 10, y: 21, width: 100, height: 1 }]);
  });

  it("encodes msgpack that the lambda's request validation accepts, bytes intact", () => {
    const bytes = encodeHandlersRequest([
      { filename: "a.jpg", body: jpeg, boxes: [{ x: 0, y: 0, width: 250, height: 250 }] },
      { filename: "b.jpg", body: jpeg },
    ]);
    const data = parseInput(handlersInputSchema, decode(bytes), "msgpack");
    expect(data.sources).toHaveLength(2);
    expect(data.sources[0]!.source.body).toEqual(jpeg);
    expect(data.sources[0]!.source.faceDetectionData[0]!.boundingBox).toEqual({ x: 0, y: 0, width: 250, height: 250 });
    expect(data.sources[1]!.source.faceDetectionData).toEqual([]);
  });
});
