/**
 * Manifest of the built-in ONNX models: the nine files of the npm package
 * `faceplugin-face-recognition-js@0.0.1` (MIT). `scripts/fetch-models.ts` (server/runtime/modelInstaller.ts) installs them into
 * `models/` and checks every sha256 below; the model registry checks them again when loading.
 */
import { z } from "zod";

export const MODEL_PACKAGE = "faceplugin-face-recognition-js@0.0.1";

export type ChannelOrder = "rgb" | "bgr" | "grey";

export interface Normalisation {
  /** Per-channel value subtracted after dividing by `scale` (in model channel order). */
  readonly mean: readonly number[];
  readonly std: readonly number[];
  /** Pixels (0..255) are divided by this first. */
  readonly scale: number;
}

export interface ModelSpec {
  readonly id: BuiltinModelId;
  readonly file: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly inputName: string;
  /** Width × height of the input image. */
  readonly inputSize: readonly [number, number];
  readonly channels: ChannelOrder;
  readonly normalisation: Normalisation;
  readonly description: string;
}

export const builtinModelIds = [
  "detect",
  "landmarks",
  "descriptor",
  "age",
  "gender",
  "emotions",
  "eyes",
  "liveness",
  "headPose",
] as const;
export type BuiltinModelId = (typeof builtinModelIds)[number];

const imagenet: Normalisation = { scale: 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
const plusMinusOne: Normalisation = { scale: 1, mean: [127, 127, 127], std: [128, 128, 128] };

export const MODELS: Readonly<Record<BuiltinModelId, ModelSpec>> = {
  detect: {
    id: "detect",
    file: "fr_detect.onnx",
    sha256: "6c0256ccd3164f844736a401faf936ec2930764a87ae39442180887d0c5c8854",
    bytes: 1217758,
    inputName: "input",
    inputSize: [320, 240],
    channels: "rgb",
    normalisation: plusMinusOne,
    description: "UltraFace RFB-320 face detector (boxes decoded inside the graph)",
  },
  landmarks: {
    id: "landmarks",
    file: "fr_landmark.onnx",
    sha256: "f10b0ba1d2a8a099adefede1ebf3733e44fe370715e7303dbeb7f59c02142258",
    bytes: 1163742,
    inputName: "input",
    inputSize: [64, 64],
    channels: "grey",
    normalisation: { scale: 256, mean: [0], std: [1] },
    description: "68-point landmark regressor (iBUG-300W order)",
  },
  descriptor: {
    id: "descriptor",
    file: "fr_feature.onnx",
    sha256: "87aacdfe57510db2af90c0251df680e8eec88f122ee94712121d09bcaaaf3581",
    bytes: 4884269,
    inputName: "input",
    inputSize: [112, 112],
    // BGR measured slightly better than RGB for verification (docs/models.md; re-checked in test/integration).
    channels: "bgr",
    normalisation: plusMinusOne,
    description: "MobileFaceNet 512-d face descriptor on a 5-point aligned 112×112 crop",
  },
  age: {
    id: "age",
    file: "fr_age.onnx",
    sha256: "74c9b01700cb9ef96f7190a2230218414ff99d231415c4b091a755780cad5e8a",
    bytes: 201280,
    inputName: "input",
    inputSize: [64, 64],
    channels: "rgb",
    normalisation: imagenet,
    description: "SSR-Net age",
  },
  gender: {
    id: "gender",
    file: "fr_gender.onnx",
    sha256: "a003e8392a617ca834c7ca2c01e0895f5c354217fb56cd0373935e6e9b9c396e",
    bytes: 343725,
    inputName: "input",
    inputSize: [64, 64],
    channels: "rgb",
    normalisation: imagenet,
    description: "SSR-Net gender",
  },
  emotions: {
    id: "emotions",
    file: "fr_expression.onnx",
    sha256: "88959314d9dc14d6c968cca31dc068e4350bf1944154e3bdd2eece5d0f318d05",
    bytes: 28156839,
    inputName: "input",
    inputSize: [224, 224],
    channels: "rgb",
    normalisation: { scale: 255, mean: [0, 0, 0], std: [1, 1, 1] },
    description: "DenseNet-121 FER2013 emotions (7 classes)",
  },
  eyes: {
    id: "eyes",
    file: "fr_eye.onnx",
    sha256: "1afcea006abc1ccac3c517022abde0aa092bed74ff3c9fe6878483ef9e6e38de",
    bytes: 207130,
    inputName: "input",
    inputSize: [24, 24],
    channels: "grey",
    normalisation: { scale: 255, mean: [0], std: [1] },
    description: "eye state classifier [closed, open]",
  },
  liveness: {
    id: "liveness",
    file: "fr_liveness.onnx",
    sha256: "afa783b7e902fdfcf323a7240cac2a1c580c25314ea4161129dc1b0d100dc32d",
    bytes: 1886811,
    inputName: "input",
    inputSize: [128, 128],
    channels: "rgb",
    normalisation: { scale: 1, mean: [0, 0, 0], std: [1, 1, 1] },
    description: "MiniFASNet-family liveness (3 logits)",
  },
  headPose: {
    id: "headPose",
    file: "fr_pose.onnx",
    sha256: "72d032ec941b7153bf8d3f2c03a4c165453cc7e63d479041ec7c6ef087e5839d",
    bytes: 5811723,
    inputName: "input",
    inputSize: [224, 224],
    channels: "rgb",
    normalisation: imagenet,
    description: "Hopenet-lite head pose (yaw, pitch, roll as 66 bins each)",
  },
};

/**
 * Manifest of a user-supplied classifier, e.g. a mask model (no mask model exists in any registry
 * reachable here). The output is a vector of logits or probabilities; `labels[i]` names output i.
 */
export const userClassifierManifestSchema = z.strictObject({
  kind: z.literal("mask"),
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).optional(),
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
