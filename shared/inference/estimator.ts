/**
 * One estimator = one file in attributes/: the model(s) it runs, the /sdk flag that asks for it, the
 * crop its model sees, the zod schema of its reply and `estimate()`. The list in estimators.ts is
 * the only place that names them all; the wire flags, `SdkFlags`, the query mapping, the reply
 * types, the lambda client's options, the timing stages and the editor's completions are derived
 * from it (docs/inference.md, "Adding an estimator").
 */
import type { z } from "zod";
import type { Rect, RgbImage } from "./image.ts";
import type { Landmarks68 } from "./landmarks.ts";
import type { ModelRegistry, UserModel } from "./modelRegistry.ts";
import type { UserClassifierManifest } from "./models.ts";
import type { ModelSpec } from "./modelSpec.ts";

/** Per-face work the core does at most once and shares between estimators that need it. */
export type FacePrerequisite = "landmarks68" | "warp";

/** One detected face, with what the estimator's `needs` asked the core to compute first. */
export interface FaceInput {
  readonly models: ModelRegistry;
  readonly image: RgbImage;
  /** The detection box in image pixels (floats; the reply rounds its own copy). */
  readonly box: Rect;
  /** The 68 landmarks; non-null when the estimator needs "landmarks68" (or another stage computed them). */
  readonly landmarks68: Landmarks68 | null;
  /** The 112×112 ArcFace-aligned face; non-null when the estimator needs "warp". */
  readonly warp: RgbImage | null;
  /** The raw descriptor of the warp when the core already computed it (the face check), else null. */
  readonly descriptor: Float32Array | null;
  /** The caller's user classifier of the estimator's `userModel` kind, when it has one. */
  readonly userModel: UserModel | undefined;
}

/** The pixels one model run sees: a region of the decoded image or of the aligned warp. */
export interface Crop {
  readonly source: "image" | "warp";
  readonly region: Rect;
}

export interface Estimator<
  Flag extends `estimate_${string}` = `estimate_${string}`,
  Key extends string = string,
  Stage extends string = string,
  Reply extends z.ZodType = z.ZodType,
  Value extends z.output<Reply> = z.output<Reply>,
  Models extends readonly ModelSpec[] = readonly ModelSpec[],
> {
  /** The /sdk query flag (Luna's name); the SdkFlags key and client option are its camelCase. */
  readonly flag: Flag;
  /** Where the reply goes: `detection.attributes[replyKey]`. */
  readonly replyKey: Key;
  /** Its timing stage (Server-Timing, the playground's timing bar). */
  readonly stage: Stage;
  /** The playground's timing bar shows the descriptor apart and sums the rest as "attributes". */
  readonly timingGroup: "descriptor" | "attributes";
  /** Built-in models it runs: a request with its flag loads exactly these (plus detection's). */
  readonly models: Models;
  /** A user-supplied classifier it runs instead; without one the flag fails with `missing`. */
  readonly userModel?: { readonly kind: UserClassifierManifest["kind"]; readonly missing: string };
  readonly needs: readonly FacePrerequisite[];
  /** The crops its model runs see, in the order it runs them. */
  crop(face: FaceInput): readonly Crop[];
  /** The wire shape of its reply (JSON carries bytes as base64 strings, msgpack as bytes). */
  readonly reply: Reply;
  /** One line for the editor's completions and the command line's help. */
  readonly summary: string;
  estimate(face: FaceInput): Promise<Value>;
}

/** Identity, for inference: keeps the flag, key and stage as literal types. */
export function defineEstimator<
  const Flag extends `estimate_${string}`,
  const Key extends string,
  const Stage extends string,
  Reply extends z.ZodType,
  Value extends z.output<Reply>,
  const Models extends readonly ModelSpec[],
>(estimator: Estimator<Flag, Key, Stage, Reply, Value, Models>): Estimator<Flag, Key, Stage, Reply, Value, Models> {
  return estimator;
}

/** The in-process value an estimator puts into the reply. */
export type EstimatorValue<E> = E extends { estimate(face: FaceInput): Promise<infer V> } ? V : never;
