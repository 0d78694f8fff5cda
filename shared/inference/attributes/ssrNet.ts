/**
 * SSR-Net's soft stagewise regression, shared by the age and gender models: three stages of 3 bins,
 * each with a dynamic range (delta_k) and index shifts (index_offset).
 */
import { requireOutput, type Tensor } from "../backend.ts";

const STAGES = 3;
const BINS = 3;

export function mergeSsrStages(outputs: Record<string, Tensor>): number {
  const probs = [1, 2, 3].map((s) => requireOutput(outputs, `prob_stage_${s}`).data);
  const deltas = [1, 2, 3].map((s) => requireOutput(outputs, `stage${s}_delta_k`).data[0]!);
  const offsets = [1, 2, 3].map((s) => requireOutput(outputs, `index_offset_stage${s}`).data);
  let result = 0;
  let divisor = 1;
  for (let s = 0; s < STAGES; s++) {
    divisor *= BINS * (1 + deltas[s]!);
    let stage = 0;
    for (let i = 0; i < BINS; i++) stage += (i + offsets[s]![i]!) * probs[s]![i]!;
    result += stage / divisor;
  }
  // result is in [0, 1): age models scale it by their range, gender models use it as P(male).
  return result;
}
