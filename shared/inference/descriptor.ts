/** MobileFaceNet face descriptor on the aligned 112×112 warp. */
import { requireOutput } from "./backend.ts";
import { imageToTensor, type RgbImage } from "./image.ts";
import { MODELS } from "./models.ts";
import type { ModelRegistry } from "./modelRegistry.ts";

/** 512 raw (unnormalised) floats; the sdk_descriptor codec normalises and quantises them. */
export async function extractDescriptor(models: ModelRegistry, warp: RgbImage): Promise<Float32Array> {
  const spec = MODELS.descriptor;
  const [w, h] = spec.inputSize;
  if (warp.width !== w || warp.height !== h) throw new Error(`descriptor needs a ${w}×${h} warp`);
  const session = await models.session("descriptor");
  const out = await session.run({ [spec.inputName]: { data: imageToTensor(warp, spec), dims: [1, 3, h, w] } });
  const name = session.outputNames[0]!;
  const vector = requireOutput(out, name).data;
  if (vector.length !== 512) throw new Error(`descriptor model returned ${vector.length} values, expected 512`);
  return Float32Array.from(vector);
}
