/**
 * Compiles a lambda inside the OS sandbox (osSandbox.ts): lambdaBuild.ts runs there with the
 * lambda's sources read-only, its build folder writable and nothing else of this machine, under
 * a memory, CPU and wall-clock cap. TypeScript becomes build/lambda_main.mjs; Python is checked
 * by Python's compiler and copied to build/python. Errors come back with file, line and column;
 * a build that blows a cap fails with a sentence saying which.
 */
import { existsSync } from "node:fs";
import { LAMBDA_SPEC_FILES, LAMBDA_SPEC_JSON, parseLambdaSpec } from "../../shared/lambda/lambdaSpec.ts";
import { cp, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { ConcurrencyLimit } from "./concurrencyLimit.ts";
import { PROVIDED_REQUIREMENTS, unsatisfiableRequirements } from "../../shared/lambda/pythonRequirements.ts";
import type { BuildConfig } from "./lambdaBuild.ts";
import { collectOutput } from "./processOutput.ts";
import {
  killSandboxed,
  pathInside,
  probeOsSandbox,
  spawnSandboxed,
  type Mount,
  type SandboxChoice,
  DEFAULT_SANDBOX,
} from "./osSandbox.ts";
import { sandboxRuntime } from "./sandboxRuntime.ts";

export interface CompileError {
  text: string;
  file: string | null;
  line: number | null;
  column: number | null;
}

export type CompileResult = { ok: true; bundle: string; milliseconds: number } | { ok: false; errors: CompileError[] };

export type LambdaLanguage = "typescript" | "python";

/** Caps of one build; Pyodide reserves ~22 GB of address space for WebAssembly before it uses any. */
export const BUILD_LIMITS = {
  timeoutMs: 30_000,
  cpuSeconds: 30,
  addressSpaceMb: { typescript: 2048, python: 26 * 1024 },
  heapMb: 512,
} as const;

/** The build's own refusals (lambdaBuild.ts): an import of something that is not the lambda's. */
export function isImportRefusal(text: string): boolean {
  return /^import ".*" is not allowed|is outside the lambda's folder/.test(text);
}

const failure = (text: string, file: string | null = null): CompileResult => ({
  ok: false,
  errors: [{ text, file, line: null, column: null }],
});

/** One build per core at a time; more wait their turn. */
const builds = new ConcurrencyLimit(availableParallelism());

export function compileLambda(
  sourceDir: string,
  outDir: string,
  language: LambdaLanguage,
  choice: SandboxChoice = DEFAULT_SANDBOX,
): Promise<CompileResult> {
  return builds.run(() => compileNow(sourceDir, outDir, language, choice));
}

async function compileNow(
  sourceDir: string,
  outDir: string,
  language: LambdaLanguage,
  choice: SandboxChoice,
): Promise<CompileResult> {
  const started = performance.now();
  if (language === "python") {
    const problems = await requirementProblems(sourceDir);
    if (problems.length > 0) return { ok: false, errors: problems };
  }
  const [probe, runtime] = await Promise.all([probeOsSandbox(choice), sandboxRuntime()]);
  // The folder itself stays (a process started ahead of the build has it mounted); its contents go.
  await mkdir(outDir, { recursive: true });
  for (const entry of await readdir(outDir)) await rm(join(outDir, entry), { recursive: true, force: true });
  const mounts = {
    src: { host: sourceDir, inside: "/lambda/src" },
    // Only a TypeScript build writes; Python's check only reads.
    out: { host: outDir, inside: "/lambda/out", writable: language === "typescript" },
    runtime: { host: runtime.dir, inside: "/runtime" },
    esbuild: { host: runtime.esbuildPackage, inside: "/esbuild" },
    esbuildBinary: { host: runtime.esbuildBinary, inside: "/esbuild-bin" },
    pyodide: { host: runtime.pyodideDir, inside: "/pyodide" },
  } satisfies Record<string, Mount>;
  const seen = (mount: Mount) => pathInside(probe, mount);
  const config: BuildConfig = {
    language,
    src: seen(mounts.src),
    out: seen(mounts.out),
    toolsModule: `${seen(mounts.runtime)}/luna-lambda-tools.mjs`,
    esbuildModule: `${seen(mounts.esbuild)}/lib/main.js`,
    pyodideDir: `${seen(mounts.pyodide)}/`,
    pythonShimsDir: `${seen(mounts.runtime)}/python-shims`,
  };
  const child = spawnSandboxed(probe, {
    mounts: [
      mounts.src,
      mounts.out,
      mounts.runtime,
      mounts.esbuild,
      mounts.esbuildBinary,
      ...(language === "python" ? [mounts.pyodide] : []),
    ],
    argv: [
      "node",
      `--max-old-space-size=${BUILD_LIMITS.heapMb}`,
      "--no-warnings",
      `${seen(mounts.runtime)}/lambda-build.mjs`,
    ],
    env: {
      LUNA_LAMBDA_BUILD: JSON.stringify(config),
      TZ: "UTC",
      ...(probe.kind === "bubblewrap" ? { ESBUILD_BINARY_PATH: "/esbuild-bin" } : {}),
    },
    limits: {
      addressSpaceMb: BUILD_LIMITS.addressSpaceMb[language],
      cpuSeconds: BUILD_LIMITS.cpuSeconds,
      processes: 64,
    },
  });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killSandboxed(child);
  }, BUILD_LIMITS.timeoutMs);
  const output = await collectOutput(child);
  clearTimeout(timer);
  const what = language === "python" ? "the Python syntax check" : "the build";
  if (timedOut) return failure(`${what} took longer than ${BUILD_LIMITS.timeoutMs / 1000} s and was stopped`);
  const last = output.stdout.trim().split("\n").pop() ?? "";
  let result: { ok: boolean; errors: CompileError[] } | null = null;
  try {
    result = JSON.parse(last) as { ok: boolean; errors: CompileError[] };
  } catch {
    result = null;
  }
  if (!result) {
    if (output.signal === "SIGXCPU")
      return failure(`${what} used more than ${BUILD_LIMITS.cpuSeconds} CPU seconds and was stopped`);
    if (
      /out of memory|Allocation failed|Cannot allocate|cannot allocate memory|Maximum call stack|too much recursion/i.test(
        output.stderr,
      )
    ) {
      return failure(
        `${what} ran out of memory or stack (limit ${BUILD_LIMITS.addressSpaceMb[language]} MB) and was stopped: the source is too deeply nested or too large`,
      );
    }
    return failure(
      `${what} failed (${output.signal ?? `exit code ${output.code}`}): ${output.stderr.trim().split("\n").slice(-3).join(" ")}`,
    );
  }
  if (!result.ok) return { ok: false, errors: result.errors };
  if (language === "python") await cp(sourceDir, join(outDir, "python"), { recursive: true });
  // The lambda's own OpenAPI document is served by its process (shared/lambda/lambdaApp.ts), as JSON next to the bundle.
  const spec = LAMBDA_SPEC_FILES.find((file) => existsSync(join(sourceDir, file)));
  if (spec) {
    try {
      const document = parseLambdaSpec(spec, await readFile(join(sourceDir, spec), "utf8"));
      await writeFile(join(outDir, LAMBDA_SPEC_JSON), JSON.stringify(document));
    } catch (error) {
      return { ok: false, errors: [{ text: (error as Error).message, file: spec, line: null, column: null }] };
    }
  }
  return {
    ok: true,
    bundle: join(outDir, language === "python" ? "python" : "lambda_main.mjs"),
    milliseconds: performance.now() - started,
  };
}

/** requirements.txt may name only what the playground provides (nothing installs offline). */
async function requirementProblems(sourceDir: string): Promise<CompileError[]> {
  let text: string;
  try {
    text = await readFile(join(sourceDir, "requirements.txt"), "utf8");
  } catch {
    return [];
  }
  return unsatisfiableRequirements(text).map((name) => ({
    text: `requirement '${name}' cannot be installed here (offline; provided: ${PROVIDED_REQUIREMENTS.join(", ")} and the standard library)`,
    file: "requirements.txt",
    line: null,
    column: null,
  }));
}
