/** Emotions (DenseNet-121, FER2013 classes) mapped to Luna's emotion names. */
import { requireOutput, softmax } from "../backend.ts";
import type { Rect, RgbImage } from "../image.ts";
import type { ModelRegistry } from "../modelRegistry.ts";
import { runOnRegion } from "../runOnRegion.ts";
import type { EmotionName } from "../../luna/schemas/sdk.ts";
import { emotionsCrop } from "./faceCrops.ts";

/** Model output order (FER2013): angry, disgust, fear, happy, sad, surprise, neutral. */
const OUTPUT_ORDER: readonly EmotionName[] = ["anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral"];

export interface Emotions {
  predominant_emotion: EmotionName;
  estimations: Record<EmotionName, number>;
}

export async function estimateEmotions(models: ModelRegistry, image: RgbImage, box: Rect): Promise<Emotions> {
  const out = await runOnRegion(models, "emotions", image, emotionsCrop(box));
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
}
