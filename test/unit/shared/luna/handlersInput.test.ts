import { describe, expect, it } from "vitest";
import { decode, encode } from "@msgpack/msgpack";
import { handlersInputSchema } from "../../../../shared/luna/schemas/handlersInput.ts";
import { parseInput } from "../../../../shared/luna/validate.ts";
import { LunaError } from "../../../../shared/luna/errors.ts";

const jpegBytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

/** What seed example 5's request sends, through a real msgpack round trip. */
function seedExample5Body(): unknown {
  return decode(
    encode({
      aggregate_attributes: 0,
      sources: [
        {
          source: { body: jpegBytes, face_detection_data: [{ bounding_box: { width: 250, height: 250, x: 0, y: 0 } }] },
          filename: "empty.jpeg",
          source_type: "raw_image",
          detect_time: "2026-11-24T10:00:00+00:00",
          detect_ts: 12.5,
          image_origin: "http://127.0.0.1:5000/luna-image-store/1/buckets/visionlabs-image-origin/images/1",
          face_bounding_boxes: [{ x: 1, y: 2, width: 3, height: 4 }],
        },
      ],
    }),
  );
}

describe("handlers lambda input", () => {
  it("maps the seed's wire body to camelCase with bytes intact", () => {
    const data = parseInput(handlersInputSchema, seedExample5Body(), "msgpack");
    const source = data.sources[0]!;
    expect(source.source.body).toEqual(jpegBytes);
    expect(source.source.faceDetectionData[0]!.boundingBox).toEqual({ x: 0, y: 0, width: 250, height: 250 });
    expect(source.filename).toBe("empty.jpeg");
    expect(source.detectTime).toBe("2026-11-24T10:00:00+00:00");
    expect(source.detectTs).toBe(12.5);
    expect(source.imageOrigin).toMatch(/visionlabs-image-origin/);
    expect(source.faceBoundingBoxes).toEqual([{ x: 1, y: 2, width: 3, height: 4 }]);
    expect(data.aggregateAttributes).toBe(0);
  });

  it("accepts the flat 5.51 form and normalises it into source.body", () => {
    const data = parseInput(handlersInputSchema, { sources: [{ source_type: 0, body: jpegBytes }] }, "msgpack");
    expect(data.sources[0]!.source.body).toEqual(jpegBytes);
    expect(data.sources[0]!.filename).toBeNull();
  });

  it("names the failing path in a 12047 error", () => {
    const bad = {
      sources: [
        {
          source_type: "raw_image",
          source: { body: jpegBytes, face_detection_data: [{ bounding_box: { x: 0, y: 0, width: -5, height: 3 } }] },
        },
      ],
    };
    try {
      parseInput(handlersInputSchema, bad, "msgpack");
      throw new Error("should fail");
    } catch (error) {
      expect(error).toBeInstanceOf(LunaError);
      expect((error as LunaError).code).toBe(12047);
      expect((error as LunaError).detail).toContain("sources[0].source.face_detection_data[0].bounding_box.width");
    }
  });

  it("rejects unknown fields and a missing body", () => {
    expect(() => parseInput(handlersInputSchema, { sources: [], surprise: 1 }, "msgpack")).toThrow(/surprise/);
    expect(() => parseInput(handlersInputSchema, { sources: [{ source_type: "raw_image" }] }, "msgpack")).toThrow(
      /source\.body/,
    );
    expect(() =>
      parseInput(handlersInputSchema, { sources: [{ source_type: "video", body: jpegBytes }] }, "msgpack"),
    ).toThrow(/source_type/);
  });
});
