/**
 * Builds or checks one lambda's sources — inside the OS sandbox (lambdaCompiler.ts starts it), so
 * the bundler and Python's compiler can read only the lambda's own folder and the runtime.
 * TypeScript: esbuild bundles lambda_main.ts with its relative modules; `luna-lambda-tools` stays
 * an import of the prebuilt runtime; any other import, or a file outside the lambda's folder,
 * is an error naming it. Python: every .py file goes through Python's own compiler.
 * Prints one JSON line: {ok, errors} (CompileError shape).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type * as Esbuild from "esbuild";
import { PythonLambdaHost } from "../../shared/lambda/pythonLambda.ts";
import { listFiles } from "./fileTree.ts";
import { loadPyodideFrom } from "./pyodideNode.ts";
import { readPythonShims } from "./pythonShims.ts";

export interface BuildConfig {
  language: "typescript" | "python";
  /** The lambda's sources (read-only) and where the bundle goes, as this process sees them. */
  src: string;
  out: string;
  /** What `luna-lambda-tools` becomes in the bundle: the runtime's module. */
  toolsModule: string;
  /** esbuild's JS API (lib/main.js) as this process sees it. */
  esbuildModule: string;
  pyodideDir: string;
  pythonShimsDir: string;
}

interface BuildError {
  text: string;
  file: string | null;
  line: number | null;
  column: number | null;
}

const ALLOWED = "a lambda may import only its own files (./…) and luna-lambda-tools";

async function buildTypeScript(config: BuildConfig): Promise<BuildError[]> {
  const esbuild = (await import(pathToFileURL(config.esbuildModule).href)) as typeof Esbuild;
  const inside = (path: string) => path === config.src || path.startsWith(config.src + sep);
  const imports: Esbuild.Plugin = {
    name: "lambda-imports",
    setup(build) {
      build.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === "entry-point") return undefined;
        if (args.path === "luna-lambda-tools") return { path: config.toolsModule, external: true };
        if (/^\.\.?(\/|$)/.test(args.path) && inside(resolve(args.resolveDir, args.path))) return undefined;
        return { errors: [{ text: `import "${args.path}" is not allowed: ${ALLOWED}` }] };
      });
    },
  };
  try {
    const result = await esbuild.build({
      entryPoints: [join(config.src, "lambda_main.ts")],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile: join(config.out, "lambda_main.mjs"),
      absWorkingDir: config.src,
      logLevel: "silent",
      metafile: true,
      // Stack traces read lambda_main.ts:4:9 (the runner runs with --enable-source-maps): the map names
      // each file by its path inside the lambda; it is rewritten below and put inline.
      sourcemap: "linked",
      sourcesContent: false,
      plugins: [imports],
    });
    // Whatever esbuild read (glob imports included) must be the lambda's own.
    const outside = Object.keys(result.metafile.inputs).filter((file) => !inside(resolve(config.src, file)));
    if (outside.length === 0) {
      const mapFile = join(config.out, "lambda_main.mjs.map");
      const map = JSON.parse(readFileSync(mapFile, "utf8")) as { sources: string[]; sourcesContent?: string[] };
      map.sources = map.sources.map((source) => relative(config.src, resolve(config.out, source)));
      // The files' own text in the map, and the map inline in the bundle: DevTools attached to a debug
      // lambda (inspectorBridge.ts) cannot read files inside the sandbox, so it gets them from the bundle itself.
      map.sourcesContent = map.sources.map((source) => readFileSync(join(config.src, source), "utf8"));
      const mapText = JSON.stringify(map);
      writeFileSync(mapFile, mapText);
      const bundleFile = join(config.out, "lambda_main.mjs");
      writeFileSync(
        bundleFile,
        readFileSync(bundleFile, "utf8").replace(
          /\/\/# sourceMappingURL=lambda_main\.mjs\.map\s*$/,
          `//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(mapText).toString("base64")}\n`,
        ),
      );
    }
    return outside.map((file) => ({
      text: `"${file}" is outside the lambda's folder: ${ALLOWED}`,
      file: null,
      line: null,
      column: null,
    }));
  } catch (error) {
    const messages = (error as { errors?: Esbuild.Message[] }).errors;
    if (!messages?.length) return [{ text: (error as Error).message, file: null, line: null, column: null }];
    return messages.map((m) => ({
      text: m.text,
      file: m.location?.file ? relative(config.src, resolve(config.src, m.location.file)) : null,
      line: m.location?.line ?? null,
      column: m.location?.column ?? null,
    }));
  }
}

async function checkPython(config: BuildConfig): Promise<BuildError[]> {
  const py = await loadPyodideFrom(config.pyodideDir);
  const host = PythonLambdaHost.install(py, readPythonShims(config.pythonShimsDir));
  const errors: BuildError[] = [];
  for (const path of listFiles(config.src).filter((f) => f.endsWith(".py"))) {
    const problem = host.checkSyntax(readFileSync(join(config.src, path), "utf8"), path);
    if (problem) errors.push(problem);
  }
  return errors;
}

const config = JSON.parse(process.env.LUNA_LAMBDA_BUILD ?? "{}") as BuildConfig;
const errors = await (config.language === "python" ? checkPython(config) : buildTypeScript(config));
process.stdout.write(`\n${JSON.stringify({ ok: errors.length === 0, errors })}\n`);
