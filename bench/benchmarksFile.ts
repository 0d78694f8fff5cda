/** Replaces one `## …` or `### …` section of BENCHMARKS.md (or appends it), keeping the rest: for benches run alone. */
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export function replaceBenchmarkSection(file: string, section: string[]): void {
  const previous = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n\n";
  const heading = section[0]!;
  const start = previous.indexOf(heading);
  if (start < 0) {
    writeFileSync(file, `${previous.trimEnd()}\n\n${section.join("\n")}`);
    return;
  }
  const ends = ["\n## ", "\n### "].map((h) => previous.indexOf(h, start + heading.length)).filter((i) => i >= 0);
  const end = ends.length ? Math.min(...ends) : -1;
  writeFileSync(file, `${previous.slice(0, start)}${section.join("\n")}${end >= 0 ? previous.slice(end) : ""}`);
}
