/** Re-declaring the emotion model's input size: only the two dims change, and the graph then runs at it. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { EMOTIONS_MODEL } from "../../../../shared/inference/attributes/emotions.ts";
import { declaredInputDims, withInputSize } from "../../../../shared/inference/onnxInputSize.ts";
import { MODELS_DIR } from "../../../support/nodePipeline.ts";

const file = new Uint8Array(readFileSync(join(MODELS_DIR, EMOTIONS_MODEL.file)));

describe("withInputSize", () => {
  it("changes only the input's declared height and width", () => {
    expect(declaredInputDims(file, "input")).toEqual([1, 3, 224, 224]);
    const resized = withInputSize(file, "input", 192, 160);
    expect(declaredInputDims(resized, "input")).toEqual([1, 3, 160, 192]);
    expect(resized.length).toBe(file.length);
    let changed = 0;
    for (let i = 0; i < file.length; i++) if (file[i] !== resized[i]) changed++;
    expect(changed).toBe(2); // the low byte of each varint (224 = e0 01, 192 = c0 01, 160 = a0 01)
    expect(declaredInputDims(file, "input")).toEqual([1, 3, 224, 224]); // the input is not modified
  });

  it("refuses sizes whose varint is longer or shorter, and unknown inputs", () => {
    expect(() => withInputSize(file, "input", 112, 112)).toThrow(/in place/);
    expect(() => withInputSize(file, "image", 192, 192)).toThrow(/no graph input 'image'/);
    expect(() => withInputSize(new Uint8Array([1, 2, 3]), "input", 192, 192)).toThrow();
  });

  it("gives a graph that runs at the new size", async () => {
    const session = await ort.InferenceSession.create(withInputSize(file, "input", 192, 192), { logSeverityLevel: 3 });
    const out = await session.run({
      input: new ort.Tensor("float32", new Float32Array(3 * 192 * 192), [1, 3, 192, 192]),
    });
    expect(out.output!.dims).toEqual([1, 7]);
    await session.release();
  });
});
