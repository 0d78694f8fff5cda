/** MobileFaceNet face descriptor on the aligned 112×112 warp. */
import { requireOutput } from "./backend.ts";
import type { RgbImage } from "./image.ts";
import { MODELS } from "./models.ts";
import type { ModelRegistry } from "./modelRegistry.ts";
import { runOnRegion } from "./runOnRegion.ts";

/** 512 raw (unnormalised) floats; the sdk_descriptor codec normalises and quantises them. */
export async function extractDescriptor(models: ModelRegistry, warp: RgbImage): Promise<Float32Array> {
  const spec = MODELS.descriptor;
  const [w, h] = spec.inputSize;
  if (warp.width !== w || warp.height !== h) throw new Error(`descriptor needs a ${w}×${h} warp`);
  const out = await runOnRegion(models, "descriptor", warp, { x: 0, y: 0, width: w, height: h });
  const vector = requireOutput(out, "output").data;
  if (vector.length !== 512) throw new Error(`descriptor model returned ${vector.length} values, expected 512`);
  return Float32Array.from(vector);
}
