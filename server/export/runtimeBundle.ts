/**
 * The exported project's `vendor/` package: `luna-lambda-runtime.mjs` (esbuild bundle of
 * server/export/lambdaRuntime.ts: luna-lambda-tools, the inference core, the /main server and
 * their pure-JS dependencies) and `luna-lambda-runtime.d.ts` (the luna-lambda-tools declarations
 * the playground's editor uses). Native and server packages stay external: the project installs
 * them from npm. Built once per process.
 */
import { build } from "esbuild";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, renameSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** npm packages the runtime imports at run time (pinned like this repo pins them). */
export const RUNTIME_EXTERNALS = ["onnxruntime-node", "sharp", "express"] as const;

export interface RuntimeBundle {
  code: string;
  declarations: string;
  /** Versions from this repo's package.json for the externals (and esbuild, which builds the lambda). */
  dependencies: Record<string, string>;
  /** This repo's npm install-script policy (package.json `allowScripts`), for the same packages. */
  allowScripts: Record<string, boolean>;
}

let cached: Promise<RuntimeBundle> | null = null;

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), stat.mtimeMs);
}

/** dist/types/luna-lambda-tools.d.ts, regenerated when shared/ is newer (as `npm start` does). */
function toolsDeclarations(): string {
  const file = join(repo, "dist/types/luna-lambda-tools.d.ts");
  if (!existsSync(file) || newestMtime(join(repo, "shared")) > statSync(file).mtimeMs) {
    // Written aside, then renamed: another process reading it meanwhile sees the old or the new file, never half.
    const partial = `${file}.${process.pid}.partial`;
    execFileSync(
      process.execPath,
      [
        join(repo, "node_modules/dts-bundle-generator/dist/bin/dts-bundle-generator.js"),
        "--silent",
        "--no-check",
        "--export-referenced-types=false",
        "-o",
        partial,
        "shared/lambda/index.ts",
      ],
      { cwd: repo, stdio: "inherit" },
    );
    renameSync(partial, file);
  }
  return readFileSync(file, "utf8");
}

async function buildRuntime(): Promise<RuntimeBundle> {
  const result = await build({
    entryPoints: [join(repo, "server/export/lambdaRuntime.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    write: false,
    external: [...RUNTIME_EXTERNALS],
    logLevel: "silent",
    legalComments: "inline",
    // Bundled CommonJS dependencies may require Node built-ins; ESM output needs a require for them.
    banner: {
      js: [
        "// luna-lambda-runtime: luna-lambda-tools + inference core + POST /main server, built from luna-lambda-playground.",
        'import { createRequire as __lunaCreateRequire } from "node:module";',
        "const require = __lunaCreateRequire(import.meta.url);",
      ].join("\n"),
    },
  });
  const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
    allowScripts?: Record<string, boolean>;
  };
  const dependencies = Object.fromEntries(
    ["esbuild", ...RUNTIME_EXTERNALS].map((name) => [name, pkg.dependencies[name] ?? "*"]),
  );
  return {
    code: result.outputFiles[0]!.text,
    declarations: toolsDeclarations(),
    dependencies,
    allowScripts: pkg.allowScripts ?? {},
  };
}

export function runtimeBundle(): Promise<RuntimeBundle> {
  cached ??= buildRuntime().catch((error: unknown) => {
    cached = null;
    throw error;
  });
  return cached;
}
