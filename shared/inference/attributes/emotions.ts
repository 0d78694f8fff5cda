/** Emotions (DenseNet-121, FER2013 classes) mapped to Luna's emotion names. */
import { z } from "zod";
import { unitIntervalSchema } from "../../luna/schemas/common.ts";
import { requireOutput, softmax } from "../backend.ts";
import { defineEstimator, type Crop, type FaceInput } from "../estimator.ts";
import type { Rect } from "../image.ts";
import type { ModelSpec } from "../modelSpec.ts";
import { runOnRegion } from "../runOnRegion.ts";

export const EMOTIONS_MODEL = {
  id: "emotions",
  file: "fr_expression.onnx",
  sha256: "88959314d9dc14d6c968cca31dc068e4350bf1944154e3bdd2eece5d0f318d05",
  bytes: 28156839,
  inputName: "input",
  inputSize: [224, 224],
  // DenseNet-121: convolutions, pools, GlobalAveragePool, Flatten, Gemm — no reshape, no fixed shape
  // inside the graph; only the input declares 224. The browser's WASM backend runs it smaller.
  resizableInput: true,
  channels: "rgb",
  normalisation: { scale: 255, mean: [0, 0, 0], std: [1, 1, 1] },
  description: "DenseNet-121 FER2013 emotions (7 classes)",
} as const satisfies ModelSpec;

export const emotionNames = ["anger", "disgust", "fear", "happiness", "neutral", "sadness", "surprise"] as const;
export type EmotionName = (typeof emotionNames)[number];

/** Model output order (FER2013): angry, disgust, fear, happy, sad, surprise, neutral. */
const OUTPUT_ORDER: readonly EmotionName[] = [
  "anger",
  "disgust",
  "fear",
  "happiness",
  "sadness",
  "surprise",
  "neutral",
];

/** (x, y, 1.2w, 1.2h), anchored at the box's top-left corner as in training. */
export function emotionsCrop(box: Rect): Rect {
  return { x: box.x, y: box.y, width: box.width * 1.2, height: box.height * 1.2 };
}

const crop = (face: FaceInput): Crop[] => [{ source: "image", region: emotionsCrop(face.box) }];

export const emotionsEstimator = defineEstimator({
  flag: "estimate_emotions",
  replyKey: "emotions",
  stage: "emotions",
  timingGroup: "attributes",
  models: [EMOTIONS_MODEL],
  needs: [],
  crop,
  reply: z.object({
    predominant_emotion: z.enum(emotionNames),
    estimations: z.record(z.enum(emotionNames), unitIntervalSchema),
  }),
  summary: "emotions: predominant_emotion and a probability per emotion",
  async estimate(face) {
    const out = await runOnRegion(face.models, EMOTIONS_MODEL, face.image, emotionsCrop(face.box));
    const probabilities = softmax(requireOutput(out, "output").data);
    const estimations = {} as Record<EmotionName, number>;
    let predominant: EmotionName = "neutral";
    let best = -1;
    OUTPUT_ORDER.forEach((name, i) => {
      estimations[name] = probabilities[i]!;
      if (probabilities[i]! > best) {
        best = probabilities[i]!;
        predominant = name;
      }
    });
    return { predominant_emotion: predominant, estimations };
  },
});
