/**
 * The code every sandboxed process runs, built once per server process from this repository
 * (trusted input only) into a private folder: the TypeScript and Python lambda runners, the
 * luna-lambda-tools module that lambda bundles import, the in-sandbox build/check program and the
 * Python shims. Code splitting keeps one copy of the shared modules (logger, engine transport),
 * so the lambda's `luna-lambda-tools` and its runner are the same instance.
 */
import { build } from "esbuild";
import { rmSync } from "node:fs";
import { cp, mkdtemp } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { PYTHON_SHIM_DIR } from "./pythonShims.ts";
import { pyodideDir } from "./pyodideNode.ts";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(import.meta.url);

export interface SandboxRuntime {
  /** The folder holding runner.mjs, python-runner.mjs, lambda-build.mjs, inspector-relay.mjs, luna-lambda-tools.mjs, python-shims/. */
  dir: string;
  /** esbuild's package folder and native binary (the in-sandbox build runs them). */
  esbuildPackage: string;
  esbuildBinary: string;
  pyodideDir: string;
}

function esbuildBinary(): string {
  const platform = `${process.platform}-${process.arch}`;
  try {
    return require.resolve(`@esbuild/${platform}/bin/esbuild`);
  } catch {
    return require.resolve("esbuild/bin/esbuild");
  }
}

let runtime: Promise<SandboxRuntime> | null = null;

export function sandboxRuntime(): Promise<SandboxRuntime> {
  runtime ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), "luna-lambda-runtime-"));
    await build({
      entryPoints: {
        runner: join(repo, "server/runtime/lambdaRunner.ts"),
        "python-runner": join(repo, "server/runtime/pythonLambdaRunner.ts"),
        "lambda-build": join(repo, "server/runtime/lambdaBuild.ts"),
        "inspector-relay": join(repo, "server/runtime/inspectorRelay.ts"),
        "luna-lambda-tools": join(repo, "shared/lambda/index.ts"),
      },
      bundle: true,
      splitting: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outdir: dir,
      outExtension: { ".js": ".mjs" },
      logLevel: "silent",
    });
    // One folder per server process, gone with it (a build of a newer checkout never mixes in).
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    await cp(PYTHON_SHIM_DIR, join(dir, "python-shims"), { recursive: true });
    return {
      dir,
      esbuildPackage: dirname(require.resolve("esbuild/package.json")),
      esbuildBinary: esbuildBinary(),
      pyodideDir: pyodideDir().replace(/\/$/, ""),
    };
  })();
  return runtime;
}
