/** A valid starting point for the manifest (the fields are userClassifierManifestSchema's). */
export const MANIFEST_EXAMPLE = JSON.stringify(
  {
    kind: "mask",
    inputSize: [112, 112],
    normalisation: { scale: 255, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] },
    labels: ["medical_mask", "missing", "occluded"],
  },
  null,
  1,
);
