/** Replaces one `## …` or `### …` section of BENCHMARKS.md (or appends it), keeping the rest: for benches run alone. */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

/**
 * BENCHMARKS.md in the house format (Biome pads the tables), so that `npm run lint`, which checks
 * formatting, still passes after a bench run.
 */
export function formatBenchmarksFile(file: string): void {
  const biome = resolve(import.meta.dirname, "../node_modules/.bin/biome");
  const result = spawnSync(biome, ["format", "--write", file], { encoding: "utf8" });
  if (result.status !== 0) console.warn(`could not format ${file}: ${result.stderr || result.error?.message}`);
}

export function replaceBenchmarkSection(file: string, section: string[]): void {
  const previous = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n\n";
  const heading = section[0]!;
  const start = previous.indexOf(heading);
  if (start < 0) {
    writeFileSync(file, `${previous.trimEnd()}\n\n${section.join("\n")}`);
    formatBenchmarksFile(file);
    return;
  }
  const ends = ["\n## ", "\n### "].map((h) => previous.indexOf(h, start + heading.length)).filter((i) => i >= 0);
  const end = ends.length ? Math.min(...ends) : -1;
  writeFileSync(file, `${previous.slice(0, start)}${section.join("\n")}${end >= 0 ? previous.slice(end) : ""}`);
  formatBenchmarksFile(file);
}
