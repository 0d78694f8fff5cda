/**
 * `BENCH_ONLY=false-faces npm run bench`: the second-stage face check (shared/inference/faceCheck.ts)
 * measured both ways on the test photos — no-face photos with a face, faces found — and what it
 * costs a detection-only request (the check runs landmarks, warp and descriptor on every box).
 */
import { resolve } from "node:path";
import { createFsModelSource } from "../server/runtime/fsModelSource.ts";
import { createOrtNodeBackend } from "../server/runtime/ortNode.ts";
import { createSharpCodec } from "../server/runtime/sharpCodec.ts";
import { ModelRegistry } from "../shared/inference/modelRegistry.ts";
import { DEFAULT_PIPELINE_OPTIONS, FacePipeline } from "../shared/inference/pipeline.ts";
import { defaultSdkFlags } from "../shared/luna/schemas/sdk.ts";
import { FACE_PHOTOS, NO_FACE_PHOTOS, photo } from "../test/support/fixtures.ts";
import { median, ms } from "./stats.ts";

const root = resolve(import.meta.dirname, "..");

async function faces(pipeline: FacePipeline, name: string): Promise<number[]> {
  const result = await pipeline.estimate([{ filename: name, body: photo(name) }], defaultSdkFlags);
  return result.reply.images_estimations[0]!.estimations.map((e) => e.face.detection.score);
}

export async function benchFalseFaces(lines: string[]): Promise<void> {
  const registry = new ModelRegistry(
    createOrtNodeBackend({ intraOpThreads: 2 }),
    createFsModelSource(resolve(root, "models")),
  );
  const codec = createSharpCodec();
  const on = new FacePipeline(registry, codec, { ...DEFAULT_PIPELINE_OPTIONS, faceCheck: true });
  const off = new FacePipeline(registry, codec, { ...DEFAULT_PIPELINE_OPTIONS, faceCheck: false });
  const strict = new FacePipeline(registry, codec, {
    ...DEFAULT_PIPELINE_OPTIONS,
    detect: { ...DEFAULT_PIPELINE_OPTIONS.detect, threshold: 0.99 },
    faceCheck: false,
  });
  const expectedFaces = Object.values(FACE_PHOTOS).reduce((a, b) => a + b, 0);
  const rows: string[] = [];
  for (const [label, pipeline] of [
    ["without the check (detector score ≥ 0.7 only)", off],
    ["a calibrated detector threshold instead (score ≥ 0.99, no check)", strict],
    ["with the check (score ≥ 0.7, then descriptor norm ≥ 2.3)", on],
  ] as const) {
    const falsePhotos: string[] = [];
    let falseBoxes = 0;
    for (const name of Object.keys(NO_FACE_PHOTOS)) {
      const scores = await faces(pipeline, name);
      falseBoxes += scores.length;
      if (scores.length) falsePhotos.push(`${NO_FACE_PHOTOS[name]} (${scores.map((s) => s.toFixed(3)).join(", ")})`);
    }
    let found = 0;
    let missed = 0;
    let extra = 0;
    for (const [name, expected] of Object.entries(FACE_PHOTOS)) {
      const n = (await faces(pipeline, name)).length;
      found += Math.min(n, expected);
      missed += Math.max(0, expected - n);
      extra += Math.max(0, n - expected);
    }
    rows.push(
      `| ${label} | **${falsePhotos.length} of ${Object.keys(NO_FACE_PHOTOS).length}**: ${falsePhotos.join("; ") || "none"} | ${falseBoxes} | ` +
        `${found}/${expectedFaces}, ${missed} missed, ${extra} extra |`,
    );
  }

  // Cost: a detection-only request, check off and on, alternating rounds.
  const cost: string[] = [];
  for (const name of ["grace_hopper_512x512.jpg", "picture.jpg"]) {
    const input = [{ filename: name, body: photo(name) }];
    for (const p of [off, on]) for (let i = 0; i < 3; i++) await p.estimate(input, defaultSdkFlags);
    const times = { off: [] as number[], on: [] as number[] };
    for (let r = 0; r < 6; r++) {
      const order = r % 2 ? (["on", "off"] as const) : (["off", "on"] as const);
      for (const k of order) {
        for (let i = 0; i < 8; i++) {
          const started = performance.now();
          await (k === "on" ? on : off).estimate(input, defaultSdkFlags);
          times[k].push(performance.now() - started);
        }
      }
    }
    cost.push(
      `| ${name} (${FACE_PHOTOS[name]} ${FACE_PHOTOS[name] === 1 ? "face" : "faces"}) | ${ms(median(times.off))} | ${ms(median(times.on))} |`,
    );
  }
  await registry.dispose();

  lines.push("## False faces: the second-stage face check", "");
  lines.push(
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC by \`BENCH_ONLY=false-faces npm run bench\` ` +
      `(\`bench/falseFaces.ts\`), one run: the 9 no-face photos and ${Object.keys(FACE_PHOTOS).length} face photos ` +
      `(${expectedFaces} faces) of \`test/support/fixtures.ts\`, detection only (scores in brackets).`,
    "",
  );
  lines.push(
    "| detection | no-face photos with a face | false boxes | faces of the face photos |",
    "|---|---|---:|---|",
    ...rows,
    "",
  );
  lines.push(
    "What the check costs a detection-only `/sdk` request (landmarks, warp and descriptor per box; a request " +
      "that asks for the descriptor reuses them), 2 intra-op threads, 48 calls each, alternating; ms, medians:",
    "",
  );
  lines.push("| image | check off | check on |", "|---|---:|---:|", ...cost, "");
}
