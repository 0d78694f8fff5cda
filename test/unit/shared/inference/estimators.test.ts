/** The estimator list is the one place: flags, SdkFlags keys, stages, reply schema and manifest all follow it. */
import { describe, expect, it } from "vitest";
import { estimators, timingGroupStages } from "../../../../shared/inference/estimators.ts";
import { facePlan } from "../../../../shared/inference/facePlan.ts";
import { MODELS, builtinModelIds } from "../../../../shared/inference/models.ts";
import { stageNames } from "../../../../shared/inference/pipeline.ts";
import {
  defaultSdkFlags,
  faceAttributesSchema,
  sdkFlagsFromQuery,
  sdkQueryFromFlags,
  sdkQuerySchema,
  supportedSdkFlags,
} from "../../../../shared/luna/schemas/sdk.ts";
import { snakeToCamel } from "../../../../shared/luna/wireNames.ts";

describe("the estimator list", () => {
  it("gives each estimator its wire flag, SdkFlags key, timing stage and reply key", () => {
    const attributeKeys = Object.keys(faceAttributesSchema.shape);
    for (const e of estimators) {
      expect(supportedSdkFlags).toContain(e.flag);
      expect(defaultSdkFlags[snakeToCamel(e.flag)], e.flag).toBe(false);
      expect(stageNames).toContain(e.stage);
      expect(attributeKeys).toContain(e.replyKey);
      for (const model of e.models) expect(MODELS[model.id as keyof typeof MODELS]).toBe(model);
    }
    // Reply order is list order: Luna clients see the attributes in the order they always had.
    expect(attributeKeys).toEqual([
      "descriptor",
      "basic_attributes",
      "emotions",
      "liveness",
      "head_pose",
      "eyes_attributes",
      "mask",
    ]);
    expect([...timingGroupStages("descriptor"), ...timingGroupStages("attributes")].sort()).toEqual(
      estimators.map((e) => e.stage).sort(),
    );
  });

  it("manifests the nine built-in models: detection and landmarks, then each estimator's", () => {
    expect(builtinModelIds).toEqual([
      "detect",
      "landmarks",
      "descriptor",
      "age",
      "gender",
      "emotions",
      "liveness",
      "headPose",
      "eyes",
    ]);
    expect(new Set(Object.values(MODELS).map((m) => m.file)).size).toBe(9);
  });

  it("maps every flag to the query and back", () => {
    for (const flag of supportedSdkFlags.filter((f) => f !== "detect_face")) {
      const flags = { ...defaultSdkFlags, [snakeToCamel(flag)]: true, multifacePolicy: 2 as const };
      expect(sdkQueryFromFlags(flags)).toEqual({ multiface_policy: "2", [flag]: "1" });
      expect(sdkFlagsFromQuery(sdkQuerySchema.parse(sdkQueryFromFlags(flags))), flag).toEqual(flags);
    }
  });
});

describe("facePlan", () => {
  it("loads only detection, landmarks and the descriptor model for a descriptor-only request", () => {
    const plan = facePlan({ ...defaultSdkFlags, estimateFaceDescriptor: true });
    expect(plan.models).toEqual(["detect", "landmarks", "descriptor"]);
    expect(plan.warp).toBe(true);
  });

  it("needs no landmarks for box-only attributes and both SSR-Net models for basic attributes", () => {
    const plan = facePlan({ ...defaultSdkFlags, estimateBasicAttributes: true, estimateEmotions: true });
    expect(plan.models).toEqual(["detect", "age", "gender", "emotions"]);
    expect(plan.landmarks68).toBe(false);
    expect(plan.estimators.map((e) => e.replyKey)).toEqual(["basic_attributes", "emotions"]);
  });

  it("makes the 68 landmarks for eyes and the warp for the mask classifier (a user model: no built-in one)", () => {
    expect(facePlan({ ...defaultSdkFlags, estimateEyesAttributes: true })).toMatchObject({
      landmarks68: true,
      warp: false,
      models: ["detect", "landmarks", "eyes"],
    });
    expect(facePlan({ ...defaultSdkFlags, estimateMask: true })).toMatchObject({
      landmarks68: true,
      warp: true,
      models: ["detect", "landmarks"],
    });
    expect(facePlan(defaultSdkFlags).models).toEqual(["detect"]);
    // With the second-stage face check, detection also needs the landmarks and the descriptor.
    expect(facePlan(defaultSdkFlags, true)).toMatchObject({
      models: ["detect", "landmarks", "descriptor"],
      landmarks68: false,
      warp: false,
    });
    expect(facePlan({ ...defaultSdkFlags, estimateEmotions: true }, true).models).toEqual([
      "detect",
      "landmarks",
      "descriptor",
      "emotions",
    ]);
  });
});
