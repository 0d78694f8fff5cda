/** The step every built-in model shares: crop a region, resize to the model input, normalise, run. */
import type { Tensor } from "./backend.ts";
import { imageToTensor, resizeRegion, type Rect, type RgbImage } from "./image.ts";
import { MODELS, type BuiltinModelId } from "./models.ts";
import type { ModelRegistry } from "./modelRegistry.ts";

export async function runOnRegion(
  models: ModelRegistry,
  id: BuiltinModelId,
  image: RgbImage,
  region: Rect,
): Promise<Record<string, Tensor>> {
  const spec = MODELS[id];
  const [w, h] = spec.inputSize;
  const input = resizeRegion(image, region, w, h);
  const channels = spec.channels === "grey" ? 1 : 3;
  const session = await models.session(id);
  return session.run({ [spec.inputName]: { data: imageToTensor(input, spec), dims: [1, channels, h, w] } });
}
