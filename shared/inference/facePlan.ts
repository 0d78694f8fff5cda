/**
 * What one request's flags need per face, worked out once: the estimators that run, whether the
 * 68 landmarks and the aligned warp must be made, and so which built-in models must be loaded.
 * A request loads only those models (docs/inference.md, "Lazy models").
 */
import { snakeToCamel } from "../luna/wireNames.ts";
import type { SdkFlags } from "../luna/schemas/sdk.ts";
import { DESCRIPTOR_MODEL } from "./attributes/descriptor.ts";
import { DETECT_MODEL } from "./detect.ts";
import { estimators, type AnyEstimator } from "./estimators.ts";
import { LANDMARKS_MODEL } from "./landmarks.ts";
import type { BuiltinModelId } from "./models.ts";

export interface FacePlan {
  /** Estimators whose flag is on, in list (= reply) order. */
  readonly estimators: readonly AnyEstimator[];
  readonly landmarks68: boolean;
  readonly warp: boolean;
  /** Built-in models the request may run, in the order the pipeline first needs them. */
  readonly models: readonly BuiltinModelId[];
}

/** `faceCheck`: the second-stage face check runs (faceCheck.ts), so landmarks and descriptor load too. */
export function facePlan(flags: SdkFlags, faceCheck = false): FacePlan {
  const enabled = estimators.filter((e) => flags[snakeToCamel(e.flag)]);
  const needs = (what: "landmarks68" | "warp") => enabled.some((e) => (e.needs as readonly string[]).includes(what));
  const warp = flags.estimateFaceWarp || needs("warp");
  const landmarks68 = warp || flags.estimateLandmarks5 || flags.estimateLandmarks68 || needs("landmarks68");
  const models: BuiltinModelId[] = [DETECT_MODEL.id];
  if (landmarks68 || faceCheck) models.push(LANDMARKS_MODEL.id);
  if (faceCheck) models.push(DESCRIPTOR_MODEL.id);
  for (const e of enabled) for (const m of e.models) if (!models.includes(m.id)) models.push(m.id);
  return { estimators: enabled, landmarks68, warp, models };
}
