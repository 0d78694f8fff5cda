/**
 * Bench: the browser full pass (detect, landmarks, descriptor, age/gender, emotions) on one face,
 * Browser · WASM with 2 threads in Debian chromium, the emotion model at 224 px (the default) and at
 * the sizes given (192: FAST_WASM_INPUT_SIZES), and the pass without emotions, in one page, runs alternating. Run alone:
 * `npx tsx bench/fullPass.ts` (replaces its section of BENCHMARKS.md).
 */
import { cpus } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { chromiumAvailable, launchChromium } from "../test/support/browser.ts";
import { replaceBenchmarkSection } from "./benchmarksFile.ts";
import { serveBenchPage } from "./firstResult.ts";
import type { FullPassResult } from "./fullPassPage.ts";
import { median, ms } from "./stats.ts";

const ROOT = resolve(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_FULL_PASS_RUNS ?? 20);
// 0: the same pass without emotions (detect, landmarks, descriptor, age/gender).
const SIZES = (process.env.BENCH_EMOTION_SIZES ?? "224,192,0").split(",").map(Number);
/** One face, then the four-face group photo (each its own table). */
const PHOTOS = ["grace_hopper_512x512.jpg", "picture.jpg"];
export const FULL_PASS_HEADING = "### Browser full pass, one face and a group (WASM, 2 threads)";

export async function benchFullPass(lines: string[]): Promise<void> {
  lines.push(FULL_PASS_HEADING, "");
  if (!chromiumAvailable()) {
    lines.push("Not measured: chromium is not installed on this machine.", "");
    return;
  }
  const { server, url } = await serveBenchPage("bench/fullPassPage.ts");
  const browser = await launchChromium();
  const results = new Map<string, FullPassResult[]>();
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(url);
    await page.waitForFunction(() => "fullPass" in globalThis);
    for (const photo of PHOTOS)
      results.set(
        photo,
        await page.evaluate(
          ([sizes, photo, runs]) =>
            (
              globalThis as unknown as {
                fullPass(s: number[], p: string[], r: number): Promise<FullPassResult[]>;
              }
            ).fullPass(sizes, [photo], runs),
          [SIZES, photo, RUNS] as const,
        ),
      );
  } finally {
    await browser.close();
    server.close();
  }
  const stage = (r: FullPassResult, s: string) => median(r.stages[s] ?? []);
  const threads = [...results.values()][0]![0]!.threads;
  lines.push(
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC by \`npx tsx bench/fullPass.ts\` on ${cpus().length} cores: ` +
      `Debian chromium, headless, onnxruntime-web's WASM build with ${threads} threads; ` +
      "flags estimate_landmarks68, estimate_face_descriptor, estimate_basic_attributes, estimate_emotions " +
      `(the face check's descriptor is the requested one); models loaded first, ${RUNS} calls per variant, alternating, ` +
      "`FacePipeline.estimate` from the JPEG bytes to the reply; ms, medians (stages summed over the faces).",
    "",
  );
  for (const [photo, rows] of results)
    lines.push(
      `${photo}:`,
      "",
      "| emotion model input | full pass | decode | detect | landmarks + warp | descriptor | age/gender | emotions | predominant emotions |",
      "|---|---:|---:|---:|---:|---:|---:|---:|---|",
      ...rows.map(
        (r) =>
          `| ${r.size === 0 ? "no emotions" : `${r.size} px${r.size === 224 ? " (default)" : " (FAST_WASM_INPUT_SIZES)"}`} | **${ms(median(r.totals))}** | ${ms(stage(r, "decode"))} | ${ms(stage(r, "detect"))} | ` +
          `${ms(stage(r, "landmarks") + stage(r, "warp"))} | ${ms(stage(r, "descriptor"))} | ${ms(stage(r, "basicAttributes"))} | ` +
          `${r.size ? ms(stage(r, "emotions")) : "–"} | ${r.size ? [...new Set(r.predominant)].join(", ") : "–"} |`,
      ),
      "",
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const lines: string[] = [];
  await benchFullPass(lines);
  replaceBenchmarkSection(join(ROOT, "BENCHMARKS.md"), lines);
  console.log(lines.join("\n"));
}
