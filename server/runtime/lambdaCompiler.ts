/**
 * Compiles a lambda: esbuild bundles the runner, luna-lambda-tools and the user's lambda_main.ts
 * (plus its own relative imports) into one ESM file. Type errors are the editor's business; syntax
 * and resolution errors fail the build with file, line and column.
 */
import { build, type Message } from "esbuild";
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { PyodideInterface } from "pyodide";
import { PythonLambdaHost } from "../../shared/lambda/pythonLambda.ts";
import { PROVIDED_REQUIREMENTS, unsatisfiableRequirements } from "../../shared/lambda/pythonRequirements.ts";
import { loadPyodideFrom, pyodideDir } from "./pyodideNode.ts";
import { readPythonShims } from "./pythonShims.ts";
import { listFiles } from "./fileTree.ts";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

export interface CompileError {
  text: string;
  file: string | null;
  line: number | null;
  column: number | null;
}

export type CompileResult = { ok: true; bundle: string; milliseconds: number } | { ok: false; errors: CompileError[] };

function toError(message: Message, sourceDir: string): CompileError {
  const file = message.location?.file ?? null;
  return {
    text: message.text,
    file: file ? file.replace(`${sourceDir}/`, "") : null,
    line: message.location?.line ?? null,
    column: message.location?.column ?? null,
  };
}

export async function compileLambda(sourceDir: string, outDir: string): Promise<CompileResult> {
  const started = performance.now();
  const bundle = join(outDir, "lambda.mjs");
  try {
    const result = await build({
      entryPoints: [join(repo, "server/runtime/lambdaRunner.ts")],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile: bundle,
      alias: {
        "user-lambda": join(sourceDir, "lambda_main.ts"),
        "luna-lambda-tools": join(repo, "shared/lambda/index.ts"),
      },
      logLevel: "silent",
      // Error locations then read "lambda_main.ts", relative to the lambda's own folder.
      absWorkingDir: sourceDir,
      // Lambda code gets Node built-ins and what it bundles; nothing else from this repo.
      banner: { js: "// luna-lambda-playground: sandboxed lambda bundle" },
    });
    if (result.errors.length > 0) return { ok: false, errors: result.errors.map((m) => toError(m, sourceDir)) };
  } catch (error) {
    const failure = error as { errors?: Message[]; message?: string };
    if (failure.errors?.length) return { ok: false, errors: failure.errors.map((m) => toError(m, sourceDir)) };
    return { ok: false, errors: [{ text: failure.message ?? String(error), file: null, line: null, column: null }] };
  }
  return { ok: true, bundle, milliseconds: performance.now() - started };
}

/** One Pyodide in the server process for syntax checks (loaded on the first Python lambda). */
let checker: Promise<PythonLambdaHost> | null = null;
function pythonChecker(): Promise<PythonLambdaHost> {
  checker ??= loadPyodideFrom(pyodideDir()).then((py: PyodideInterface) => PythonLambdaHost.install(py, readPythonShims()));
  return checker;
}

/**
 * A Python lambda: Python's own compiler checks every .py file (errors with file, line, column),
 * requirements.txt must name only what is provided, then the lambda's files and the shims are
 * copied next to the Python runner bundle, which the sandbox runs with Pyodide.
 */
export async function compilePythonLambda(sourceDir: string, outDir: string): Promise<CompileResult> {
  const started = performance.now();
  const errors: CompileError[] = [];
  const files = listFiles(sourceDir);
  const host = await pythonChecker();
  for (const path of files.filter((f) => f.endsWith(".py"))) {
    const problem = host.checkSyntax(await readFile(join(sourceDir, path), "utf8"), path);
    if (problem) errors.push(problem);
  }
  if (files.includes("requirements.txt")) {
    for (const name of unsatisfiableRequirements(await readFile(join(sourceDir, "requirements.txt"), "utf8"))) {
      errors.push({ text: `requirement '${name}' cannot be installed here (offline; provided: ${PROVIDED_REQUIREMENTS.join(", ")} and the standard library)`, file: "requirements.txt", line: null, column: null });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  await rm(join(outDir, "python"), { recursive: true, force: true });
  await mkdir(join(outDir, "python"), { recursive: true });
  await cp(sourceDir, join(outDir, "python", "lambda"), { recursive: true });
  for (const [path, source] of Object.entries(readPythonShims())) {
    await mkdir(dirname(join(outDir, "python", "shims", path)), { recursive: true });
    await writeFile(join(outDir, "python", "shims", path), source);
  }
  const bundle = join(outDir, "lambda.mjs");
  try {
    await build({
      entryPoints: [join(repo, "server/runtime/pythonLambdaRunner.ts")],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile: bundle,
      logLevel: "silent",
      banner: { js: "// luna-lambda-playground: sandboxed Python lambda runner" },
    });
  } catch (error) {
    return { ok: false, errors: [{ text: `building the Python runner failed: ${(error as Error).message}`, file: null, line: null, column: null }] };
  }
  return { ok: true, bundle, milliseconds: performance.now() - started };
}
