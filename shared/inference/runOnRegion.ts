/** The step every built-in model shares: crop a region, resize to the model input, normalise, run. */
import type { Tensor } from "./backend.ts";
import { imageToTensor, resizeRegion, type Rect, type RgbImage } from "./image.ts";
import type { ModelSpec } from "./modelSpec.ts";
import type { ModelRegistry } from "./modelRegistry.ts";

export async function runOnRegion(
  models: ModelRegistry,
  spec: ModelSpec,
  image: RgbImage,
  region: Rect,
): Promise<Record<string, Tensor>> {
  const [w, h] = spec.inputSize;
  const input = resizeRegion(image, region, w, h);
  const channels = spec.channels === "grey" ? 1 : 3;
  const session = await models.sessionFor(spec);
  return session.run({ [spec.inputName]: { data: imageToTensor(input, spec), dims: [1, channels, h, w] } });
}
