import { describe, expect, it } from "vitest";
import {
  defaultSdkFlags,
  sdkFlagsFromQuery,
  sdkImagesBodySchema,
  sdkQueryFromFlags,
  sdkQuerySchema,
} from "../../../../shared/luna/schemas/sdk.ts";
import { parseInput } from "../../../../shared/luna/validate.ts";
import { cosineToSimilarity, similarityToCosine, SAME_PERSON_SIMILARITY } from "../../../../shared/luna/similarity.ts";

describe("/sdk query flags", () => {
  it("turns 0/1 strings into flags with Luna defaults", () => {
    const flags = sdkFlagsFromQuery(
      parseInput(sdkQuerySchema, { estimate_emotions: "1", estimate_face_descriptor: "0" }, "query"),
    );
    expect(flags.estimateEmotions).toBe(true);
    expect(flags.estimateFaceDescriptor).toBe(false);
    expect(flags.multifacePolicy).toBe(1);
  });

  it("rejects bad values and unknown flags with 12031", () => {
    expect(() => parseInput(sdkQuerySchema, { estimate_emotions: "yes" }, "query")).toThrow(/estimate_emotions/);
    expect(() => parseInput(sdkQuerySchema, { estimate_emotion: "1" }, "query")).toThrow(
      /Unknown query parameter\(s\): estimate_emotion/,
    );
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

describe("lambda settings", async () => {
  const { resolveSettings, settingsFromEnv } = await import("../../../../shared/lambda/settings.ts");
  it("default to the embedded services and take JSON overrides from the environment", () => {
    const defaults = resolveSettings({}, "http://127.0.0.1:5000");
    expect(defaults.LUNA_FACES_ADDRESS).toEqual({ origin: "http://127.0.0.1:5000/luna-faces", api_version: 3 });
    expect(defaults.LUNA_IMAGE_STORE_FACES_SAMPLES_ADDRESS.bucket).toBe("visionlabs-samples");
    const fromEnv = settingsFromEnv({
      LUNA_FACES_ADDRESS: '{"origin": "http://10.0.0.5:5030", "api_version": 3}',
      PATH: "/bin",
    });
    expect(resolveSettings(fromEnv).LUNA_FACES_ADDRESS.origin).toBe("http://10.0.0.5:5030");
    expect(() => settingsFromEnv({ LUNA_FACES_TIMEOUTS: "{nope" })).toThrow(/LUNA_FACES_TIMEOUTS must hold JSON/);
    expect(() => resolveSettings({ ADDITIONAL_SERVICES_USAGE: { luna_events: "yes" } })).toThrow();
  });
});

describe("sdkQueryFromFlags", () => {
  it("is the inverse of sdkFlagsFromQuery, flag by flag", () => {
    for (const name of [
      "estimateLandmarks5",
      "estimateLandmarks68",
      "estimateFaceWarp",
      "estimateEyesAttributes",
      "estimateHeadPose",
    ] as const) {
      const flags = { ...defaultSdkFlags, [name]: true, multifacePolicy: 2 as const };
      expect(sdkFlagsFromQuery(sdkQuerySchema.parse(sdkQueryFromFlags(flags))), name).toEqual(flags);
    }
  });
});
