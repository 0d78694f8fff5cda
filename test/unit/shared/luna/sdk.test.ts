import { describe, expect, it } from "vitest";
import { sdkFlagsFromQuery, sdkImagesBodySchema, sdkQuerySchema } from "../../../../shared/luna/schemas/sdk.ts";
import { parseInput } from "../../../../shared/luna/validate.ts";
import { cosineToSimilarity, similarityToCosine, SAME_PERSON_SIMILARITY } from "../../../../shared/luna/similarity.ts";

describe("/sdk query flags", () => {
  it("turns 0/1 strings into flags with Luna defaults", () => {
    const flags = sdkFlagsFromQuery(parseInput(sdkQuerySchema, { estimate_emotions: "1", estimate_face_descriptor: "0" }, "query"));
    expect(flags.estimateEmotions).toBe(true);
    expect(flags.estimateFaceDescriptor).toBe(false);
    expect(flags.multifacePolicy).toBe(1);
  });

  it("rejects bad values and unknown flags with 12031", () => {
    expect(() => parseInput(sdkQuerySchema, { estimate_emotions: "yes" }, "query")).toThrow(/estimate_emotions/);
    expect(() => parseInput(sdkQuerySchema, { estimate_emotion: "1" }, "query")).toThrow(/Unknown query parameter\(s\): estimate_emotion/);
    expect(() => parseInput(sdkQuerySchema, { multiface_policy: "3" }, "query")).toThrow(/multiface_policy/);
  });

  it("reads base64 bodies from JSON", () => {
    const body = parseInput(sdkImagesBodySchema, { images: [{ filename: "a.jpg", body: "/9j/4A==" }] }, "json");
    expect([...body.images[0]!.body]).toEqual([0xff, 0xd8, 0xff, 0xe0]);
    expect(() => parseInput(sdkImagesBodySchema, { images: [] }, "json")).toThrow(/images/);
  });
});

describe("similarity", () => {
  it("is a monotone map of cosine into [0, 1] with 0.5 at the verification threshold", () => {
    let previous = -1;
    for (let c = -1; c <= 1.0001; c += 0.05) {
      const s = cosineToSimilarity(c);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
      expect(s).toBeGreaterThan(previous);
      previous = s;
      expect(similarityToCosine(s)).toBeCloseTo(c, 6);
    }
    expect(cosineToSimilarity(0.45)).toBeCloseTo(SAME_PERSON_SIMILARITY, 10);
  });
});
