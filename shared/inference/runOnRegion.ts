/** The step every built-in model shares: crop a region, resize to the model input, normalise, run. */
import type { Tensor } from "./backend.ts";
import { regionToTensor, type Rect, type RgbImage } from "./image.ts";
import type { ModelSpec } from "./modelSpec.ts";
import type { ModelRegistry } from "./modelRegistry.ts";

/**
 * A model's input tensor for `region` of the image (cropped, resized, normalised in one pass), at
 * the size the registry runs that model at.
 */
export function regionInput(models: ModelRegistry, spec: ModelSpec, image: RgbImage, region: Rect): Tensor {
  const [w, h] = models.inputSize(spec);
  const channels = spec.channels === "grey" ? 1 : 3;
  return { data: regionToTensor(image, region, w, h, spec), dims: [1, channels, h, w] };
}

/** Runs a built-in model on a ready input tensor (e.g. one crop shared by two models with the same input). */
export async function runOnInput(
  models: ModelRegistry,
  spec: ModelSpec,
  input: Tensor,
): Promise<Record<string, Tensor>> {
  const session = await models.sessionFor(spec);
  return session.run({ [spec.inputName]: input });
}

export async function runOnRegion(
  models: ModelRegistry,
  spec: ModelSpec,
  image: RgbImage,
  region: Rect,
): Promise<Record<string, Tensor>> {
  return runOnInput(models, spec, regionInput(models, spec, image, region));
}
