/**
 * The emotion model at smaller inputs against its 224 px reference: the predominant emotion of every
 * face of the face photos (test/support/fixtures.ts), each size run on the same crop. onnxruntime-node
 * runs the graph (the same file and the same input tensors as the browser: only the input's declared
 * size is changed, shared/inference/onnxInputSize.ts). Run alone: `npx tsx bench/emotionAgreement.ts`
 * (replaces its section of BENCHMARKS.md); it also prints the table docs/inference.md shows.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as ort from "onnxruntime-node";
import { EMOTIONS_MODEL, emotionNames, emotionsCrop } from "../shared/inference/attributes/emotions.ts";
import { regionToTensor } from "../shared/inference/image.ts";
import { withInputSize } from "../shared/inference/onnxInputSize.ts";
import { defaultSdkFlags } from "../shared/luna/schemas/sdk.ts";
import { ensurePackedPhotos, FACE_PHOTOS, photo } from "../test/support/fixtures.ts";
import { createNodePipeline } from "../test/support/nodePipeline.ts";
import { replaceBenchmarkSection } from "./benchmarksFile.ts";

const ROOT = resolve(import.meta.dirname, "..");
const SIZES = [224, 192, 176, 160, 144, 128];
export const EMOTION_AGREEMENT_HEADING = "### Emotion model input size: agreement with 224 px";
/** Model output order (FER2013), as attributes/emotions.ts maps it. */
const OUTPUT_NAMES = ["anger", "disgust", "fear", "happiness", "sadness", "surprise", "neutral"] as const;

export async function benchEmotionAgreement(lines: string[]): Promise<void> {
  ensurePackedPhotos();
  const file = new Uint8Array(readFileSync(join(ROOT, "models", EMOTIONS_MODEL.file)));
  const sessions = new Map<number, ort.InferenceSession>();
  for (const n of SIZES)
    sessions.set(
      n,
      await ort.InferenceSession.create(n === 224 ? file : withInputSize(file, EMOTIONS_MODEL.inputName, n, n), {
        logSeverityLevel: 3,
        intraOpNumThreads: 2,
      }),
    );
  const pipeline = createNodePipeline();
  const predictions: { photo: string; bySize: Map<number, string> }[] = [];
  for (const name of Object.keys(FACE_PHOTOS)) {
    const image = await pipeline.codec.decode(photo(name), name, { maxPixels: 40_000_000 });
    const result = await pipeline.estimate([{ filename: name, body: image }], defaultSdkFlags);
    for (const e of result.reply.images_estimations[0]!.estimations) {
      const box = e.face.detection.rect;
      const bySize = new Map<number, string>();
      for (const n of SIZES) {
        const data = regionToTensor(image, emotionsCrop(box), n, n, EMOTIONS_MODEL);
        const out = (await sessions.get(n)!.run({ input: new ort.Tensor("float32", data, [1, 3, n, n]) })).output!
          .data as Float32Array;
        bySize.set(n, OUTPUT_NAMES[out.indexOf(Math.max(...out))]!);
      }
      predictions.push({ photo: name, bySize });
    }
  }
  for (const s of sessions.values()) await s.release();
  await pipeline.models.dispose();
  const total = predictions.length;
  const agree = (n: number) => predictions.filter((p) => p.bySize.get(n) === p.bySize.get(224)).length;
  const flops = (n: number) => ((n * n) / (224 * 224)).toFixed(2);
  lines.push(EMOTION_AGREEMENT_HEADING, "");
  lines.push(
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC by \`npx tsx bench/emotionAgreement.ts\`: ` +
      `the predominant emotion of the ${total} faces of the ${Object.keys(FACE_PHOTOS).length} face photos at each input ` +
      "size against the 224 px reference, same crop, same graph (emotion names: " +
      `${emotionNames.join(", ")}). Compute scales with the pixels.`,
    "",
    "| input | compute vs 224 | agrees with 224 px | faces that change |",
    "|---|---:|---:|---|",
    ...SIZES.slice(1).map((n) => {
      const changed = predictions
        .filter((p) => p.bySize.get(n) !== p.bySize.get(224))
        .map((p) => `${p.photo} (${p.bySize.get(224)} → ${p.bySize.get(n)})`);
      return `| ${n} px | ${flops(n)}× | **${agree(n)}/${total} (${((agree(n) / total) * 100).toFixed(1)} %)** | ${changed.join("; ")} |`;
    }),
    "",
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const lines: string[] = [];
  await benchEmotionAgreement(lines);
  replaceBenchmarkSection(join(ROOT, "BENCHMARKS.md"), lines);
  console.log(lines.join("\n"));
}
