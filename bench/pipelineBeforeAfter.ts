/**
 * `BENCH_ONLY=pipeline-before-after BENCH_BASELINE_REF=<commit> npm run bench`: the server pipeline
 * of an earlier commit against this tree's, in one process, rounds alternating (and reversing their
 * order), so both sides see the same machine. The earlier commit's `shared/` and `server/` are
 * extracted with `git archive` into `.data/bench-baseline/<commit>/` (git-ignored) and imported from
 * there; node_modules and models are this tree's.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import { resolve } from "node:path";
import type { ModelRegistry as Registry } from "../shared/inference/modelRegistry.ts";
import type { FacePipeline as Pipeline } from "../shared/inference/pipeline.ts";
import { ALL_FLAGS } from "./allFlags.ts";
import { photo } from "../test/support/fixtures.ts";
import { median, ms } from "./stats.ts";

const root = resolve(import.meta.dirname, "..");

/** The commit's `shared/` and `server/` under .data/bench-baseline/, with this tree's node_modules and models. */
export function baselineTree(ref: string): { dir: string; commit: string } {
  const commit = execFileSync("git", ["rev-parse", "--short", ref], { cwd: root, encoding: "utf8" }).trim();
  const dir = resolve(root, ".data/bench-baseline", commit);
  if (!existsSync(resolve(dir, "shared"))) {
    mkdirSync(dir, { recursive: true });
    execFileSync("sh", ["-c", `git archive ${commit} shared server package.json | tar -x -C "${dir}"`], { cwd: root });
    for (const link of ["node_modules", "models"]) symlinkSync(resolve(root, link), resolve(dir, link));
  }
  return { dir, commit };
}

interface Side {
  pipeline: Pipeline;
  registry: Registry;
  totals: number[];
  modelTimes: number[];
  ratios: number[];
}

async function buildSide(tree: string, threads: number): Promise<Side> {
  const { ModelRegistry } = await import(resolve(tree, "shared/inference/modelRegistry.ts"));
  const { FacePipeline, DEFAULT_PIPELINE_OPTIONS } = await import(resolve(tree, "shared/inference/pipeline.ts"));
  const { createFsModelSource } = await import(resolve(tree, "server/runtime/fsModelSource.ts"));
  const { createOrtNodeBackend } = await import(resolve(tree, "server/runtime/ortNode.ts"));
  const { createSharpCodec } = await import(resolve(tree, "server/runtime/sharpCodec.ts"));
  const registry: Registry = new ModelRegistry(
    createOrtNodeBackend({ intraOpThreads: threads }),
    createFsModelSource(resolve(root, "models")),
  );
  const pipeline: Pipeline = new FacePipeline(registry, createSharpCodec(), DEFAULT_PIPELINE_OPTIONS);
  return { pipeline, registry, totals: [], modelTimes: [], ratios: [] };
}

function sumRunMs(registry: Registry): number {
  let sum = 0;
  for (const s of registry.runStats().values()) sum += s.totalMs;
  return sum;
}

async function measure(side: Side, image: string, runs: number): Promise<void> {
  const input = [{ filename: image, body: photo(image) }];
  for (let i = 0; i < runs; i++) {
    const before = sumRunMs(side.registry);
    const started = performance.now();
    await side.pipeline.estimate(input, ALL_FLAGS);
    const total = performance.now() - started;
    const modelMs = sumRunMs(side.registry) - before;
    side.totals.push(total);
    side.modelTimes.push(modelMs);
    side.ratios.push(total / modelMs);
  }
}

export async function benchPipelineBeforeAfter(lines: string[], ref: string): Promise<void> {
  const { dir, commit } = baselineTree(ref);
  const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
  const dirty = execFileSync("git", ["status", "--porcelain", "shared", "server"], {
    cwd: root,
    encoding: "utf8",
  }).trim();
  const rounds = Number(process.env.BENCH_ROUNDS ?? 6);
  const runs = Number(process.env.BENCH_PIPELINE_RUNS ?? 10);
  const images = ["grace_hopper_512x512.jpg", "picture.jpg"];
  const rows: string[] = [];
  for (const threads of [1, 2]) {
    for (const image of images) {
      const before = await buildSide(dir, threads);
      const after = await buildSide(root, threads);
      for (const side of [before, after]) await measure(side, image, 3); // loads the models, warms up
      for (const side of [before, after]) side.totals.length = side.modelTimes.length = side.ratios.length = 0;
      for (let r = 0; r < rounds; r++) {
        const order = r % 2 === 0 ? [before, after] : [after, before];
        for (const side of order) await measure(side, image, runs);
      }
      const m = (s: Side) => ({ total: median(s.totals), model: median(s.modelTimes), ratio: median(s.ratios) });
      const b = m(before);
      const a = m(after);
      rows.push(
        `| ${image} | ${threads} | ${ms(b.total)} → ${ms(a.total)} | ${ms(b.model)} → ${ms(a.model)} | ` +
          `${b.ratio.toFixed(3)} → **${a.ratio.toFixed(3)}** |`,
      );
      await before.registry.dispose();
      await after.registry.dispose();
    }
  }
  lines.push("### Overhead before → after (issue 15, item 5)", "");
  lines.push(
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC by \`BENCH_ONLY=pipeline-before-after ` +
      `BENCH_BASELINE_REF=${commit} npx tsx bench/run.ts\` (\`bench/pipelineBeforeAfter.ts\`): the pipeline of ${commit} against ${head}` +
      `${dirty ? " with uncommitted changes" : ""}, in one process, ${rounds} alternating rounds of ${runs} calls each ` +
      "(all flags, as above); medians of the calls.",
    "",
  );
  lines.push(
    "| image | intra-op threads | pipeline ms | inside session.run ms | overhead ratio |",
    "|---|---:|---:|---:|---:|",
    ...rows,
    "",
  );
}
