/**
 * Compiles a lambda: esbuild bundles the runner, luna-lambda-tools and the user's lambda_main.ts
 * (plus its own relative imports) into one ESM file. Type errors are the editor's business; syntax
 * and resolution errors fail the build with file, line and column.
 */
import { build, type Message } from "esbuild";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

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
