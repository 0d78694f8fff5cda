/** Reading what an estimator declared in `needs`: the pipeline computes it first, so null is a bug. */
import type { FaceInput, FacePrerequisite } from "../estimator.ts";

export function requirePrerequisite<K extends FacePrerequisite>(face: FaceInput, name: K): NonNullable<FaceInput[K]> {
  const value = face[name];
  if (value === null || value === undefined)
    throw new Error(`estimator ran without its '${name}' (declare it in needs)`);
  return value as NonNullable<FaceInput[K]>;
}
