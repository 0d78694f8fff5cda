/**
 * Manifest of the built-in ONNX models: the nine files of the npm package
 * `faceplugin-face-recognition-js@0.0.1` (MIT), each declared next to the code that runs it
 * (detect.ts, landmarks.ts, attributes/<x>.ts). `scripts/fetch-models.ts`
 * (server/runtime/modelInstaller.ts) installs them into `models/` and checks every sha256; the
 * model registry checks them again when loading.
 */
import { z } from "zod";
import { DETECT_MODEL } from "./detect.ts";
import { estimators, type AnyEstimator } from "./estimators.ts";
import { LANDMARKS_MODEL } from "./landmarks.ts";
import type { ModelSpec } from "./modelSpec.ts";

export type { ChannelOrder, ModelSpec, Normalisation } from "./modelSpec.ts";

export const MODEL_PACKAGE = "faceplugin-face-recognition-js@0.0.1";

/** Detection and landmarks, which every face needs, then each estimator's models in list order. */
const BUILTIN_MODELS = [DETECT_MODEL, LANDMARKS_MODEL, ...estimators.flatMap((e): readonly ModelSpec[] => e.models)];

type BuiltinModelSpec = typeof DETECT_MODEL | typeof LANDMARKS_MODEL | AnyEstimator["models"][number];
export type BuiltinModelId = BuiltinModelSpec["id"];

export const builtinModelIds: readonly BuiltinModelId[] = BUILTIN_MODELS.map((m) => m.id as BuiltinModelId);

export const MODELS: Readonly<Record<BuiltinModelId, ModelSpec<BuiltinModelId>>> = Object.fromEntries(
  BUILTIN_MODELS.map((m) => [m.id, m]),
) as Record<BuiltinModelId, ModelSpec<BuiltinModelId>>;

/**
 * Manifest of a user-supplied classifier, e.g. a mask model (no mask model exists in any registry
 * reachable here). The output is a vector of logits or probabilities; `labels[i]` names output i.
 */
export const userClassifierManifestSchema = z.strictObject({
  kind: z.literal("mask"),
  file: z.string().min(1),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
  inputName: z.string().default("input"),
  outputName: z.string().optional(),
  inputSize: z.tuple([z.number().int().positive(), z.number().int().positive()]),
  /** `warp`: the 112×112 aligned face; `box`: the detection box grown by `boxScale`. */
  crop: z.enum(["warp", "box"]).default("warp"),
  boxScale: z.number().positive().default(1.2),
  channels: z.enum(["rgb", "bgr", "grey"]).default("rgb"),
  layout: z.enum(["nchw", "nhwc"]).default("nchw"),
  normalisation: z
    .strictObject({
      scale: z.number().positive(),
      mean: z.array(z.number()).min(1),
      std: z.array(z.number().positive()).min(1),
    })
    .default({ scale: 255, mean: [0, 0, 0], std: [1, 1, 1] }),
  /** `logits`: softmax is applied; `probabilities`: used as they are. */
  output: z.enum(["logits", "probabilities"]).default("logits"),
  labels: z.array(z.enum(["medical_mask", "missing", "occluded"])).min(2),
});
export type UserClassifierManifest = z.output<typeof userClassifierManifestSchema>;
