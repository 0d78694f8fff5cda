/**
 * Every estimator the /sdk route offers, in reply order: `detection.attributes` lists its keys in
 * this order. Adding an estimator = one file in attributes/ + one entry here (docs/inference.md).
 */
import { basicAttributesEstimator } from "./attributes/basicAttributes.ts";
import { descriptorEstimator } from "./attributes/descriptor.ts";
import { emotionsEstimator } from "./attributes/emotions.ts";
import { eyesEstimator } from "./attributes/eyes.ts";
import { headPoseEstimator } from "./attributes/headPose.ts";
import { livenessEstimator } from "./attributes/liveness.ts";
import { maskEstimator } from "./attributes/mask.ts";
import type { EstimatorValue } from "./estimator.ts";

export const estimators = [
  descriptorEstimator,
  basicAttributesEstimator,
  emotionsEstimator,
  livenessEstimator,
  headPoseEstimator,
  eyesEstimator,
  maskEstimator,
] as const;

export type AnyEstimator = (typeof estimators)[number];
export type EstimatorFlag = AnyEstimator["flag"];
export type EstimatorStage = AnyEstimator["stage"];

/** `detection.attributes`: one optional entry per estimator, typed by what its estimate() returns. */
export type FaceAttributes = { [E in AnyEstimator as E["replyKey"]]?: EstimatorValue<E> };

/** The wire flags, as a value whose declared type is their literal union (the lambda types bundle reads it). */
export const estimatorFlags = estimators.map((e) => e.flag);

/** The estimators' timing stages in one group of the playground's timing bar ("descriptor", "attributes"). */
export function timingGroupStages(group: AnyEstimator["timingGroup"]): EstimatorStage[] {
  return estimators.filter((e) => e.timingGroup === group).map((e) => e.stage);
}
