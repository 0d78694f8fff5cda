/** Emotions (DenseNet-121, FER2013 classes) mapped to Luna's emotion names. */
import { requireOutput, softmax } from "../backend.ts";
import { imageToTensor, resizeRegion, type Rect, type RgbImage } from "../image.ts";
import { MODELS } from "../models.ts";
import type { ModelRegistry } from "../modelRegistry.ts";
import type { EmotionName } from "../../luna/schemas/sdk.ts";
import { emotionsCrop } from "./faceCrops.ts";

/** Model output order (FER2013): angry, disgust, fear, happy, sad, surprise, neutral. */
const OUTPUT_ORDER: readonly EmotionName[] = ["anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral"];

export interface Emotions {
  predominant_emotion: EmotionName;
  estimations: Record<EmotionName, number>;
}

export async function estimateEmotions(models: ModelRegistry, image: RgbImage, box: Rect): Promise<Emotions> {
  const spec = MODELS.emotions;
  const [w, h] = spec.inputSize;
  const input = resizeRegion(image, emotionsCrop(box), w, h);
  const session = await models.session("emotions");
  const out = await session.run({ [spec.inputName]: { data: imageToTensor(input, spec), dims: [1, 3, h, w] } });
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
