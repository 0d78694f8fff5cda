/**
 * Writes a small, real ONNX classifier for tests of the user-model path (no mask model exists in
 * any registry reachable here): input [1, 3, H, W] → GlobalAveragePool → Flatten → Gemm(W, B) →
 * logits [1, K]. It is a genuine ONNX file that onnxruntime loads and runs; its "classification" is
 * a linear function of the mean colour, which tests can compute independently.
 */

function varint(value: number): number[] {
  const out: number[] = [];
  let v = BigInt(value);
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

const key = (field: number, wire: number) => varint((field << 3) | wire);
const intField = (field: number, value: number) => [...key(field, 0), ...varint(value)];
function bytesField(field: number, bytes: number[] | Uint8Array): number[] {
  return [...key(field, 2), ...varint(bytes.length), ...bytes];
}
const stringField = (field: number, text: string) => bytesField(field, [...new TextEncoder().encode(text)]);

function tensor(name: string, dims: number[], values: number[]): number[] {
  const raw = new Uint8Array(new Float32Array(values).buffer);
  return [...dims.flatMap((d) => intField(1, d)), ...intField(2, 1), ...stringField(8, name), ...bytesField(9, raw)];
}

function valueInfo(name: string, dims: number[]): number[] {
  const shape = dims.flatMap((d) => bytesField(1, intField(1, d)));
  const tensorType = [...intField(1, 1), ...bytesField(2, shape)];
  return [...stringField(1, name), ...bytesField(2, bytesField(1, tensorType))];
}

function node(op: string, inputs: string[], outputs: string[]): number[] {
  return [
    ...inputs.flatMap((i) => stringField(1, i)),
    ...outputs.flatMap((o) => stringField(2, o)),
    ...stringField(4, op),
  ];
}

/** weights: K rows of 3 (per input channel); bias: K values. */
export function meanColourClassifier(inputSize: [number, number], weights: number[][], bias: number[]): Uint8Array {
  const [w, h] = inputSize;
  const k = bias.length;
  // Gemm computes flat[1,3] · B[3,K] + C[K]: B is the transpose of `weights`.
  const b = [0, 1, 2].flatMap((c) => weights.map((row) => row[c]!));
  const graph = [
    ...bytesField(1, node("GlobalAveragePool", ["input"], ["pooled"])),
    ...bytesField(1, node("Flatten", ["pooled"], ["flat"])),
    ...bytesField(1, node("Gemm", ["flat", "W", "B"], ["logits"])),
    ...stringField(2, "mean_colour_classifier"),
    ...bytesField(5, tensor("W", [3, k], b)),
    ...bytesField(5, tensor("B", [k], bias)),
    ...bytesField(11, valueInfo("input", [1, 3, h, w])),
    ...bytesField(12, valueInfo("logits", [1, k])),
  ];
  const model = [
    ...intField(1, 8),
    ...bytesField(8, [...stringField(1, ""), ...intField(2, 13)]),
    ...bytesField(7, graph),
  ];
  return new Uint8Array(model);
}

/**
 * The mask classifier a lambda's project carries in tests: models/mask.onnx (a mean-colour classifier
 * over three labels, warp-sized input) and its manifest models/mask.json.
 */
export function maskModelFiles(): { "models/mask.onnx": Uint8Array; "models/mask.json": Uint8Array } {
  return {
    "models/mask.onnx": meanColourClassifier(
      [112, 112],
      [
        [6, -3, -3],
        [-3, 6, -3],
        [-3, -3, 6],
      ],
      [0, 0, 0],
    ),
    "models/mask.json": new TextEncoder().encode(
      JSON.stringify({
        kind: "mask",
        inputSize: [112, 112],
        crop: "warp",
        labels: ["missing", "medical_mask", "occluded"],
      }),
    ),
  };
}
