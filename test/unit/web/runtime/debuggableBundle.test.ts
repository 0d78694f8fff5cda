/**
 * The browser lambda's bundle carries what DevTools needs to debug the user's TypeScript: V8's
 * own inspector (the one Chromium's DevTools drives; Node's here, same engine) sees the script
 * as lambda_main.js with an inline source map holding the files' text, a `debugger;` statement
 * pauses where the map says lambda_main.ts's line is, a breakpoint set on a TypeScript line (as
 * DevTools sets it, through the map) stops there, and a thrown error's stack reads the module's line.
 */
import { Session } from "node:inspector";
import { generatedPositionFor, originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";
import * as esbuild from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleStackMapper } from "../../../../web/runtime/bundleStackMapper.ts";
import { BUNDLE_NAME, debuggableBundle } from "../../../../web/runtime/debuggableBundle.ts";

const FILES: Record<string, string> = {
  "lambda_main.ts": `import { double } from "./lib/math";

export async function main(n: number): Promise<number> {
  const value: number = double(n);
  debugger;
  return value + 1;
}
`,
  "lib/math.ts": `export function double(n: number): number {
  if (n < 0) throw new Error("negative: " + n);
  return n * 2;
}
`,
};

/** The worker's build (web/runtime/lambdaWorker.ts): one CommonJS bundle, an external map, the files in the "lambda" namespace. */
async function bundle(): Promise<{ js: string; map: string }> {
  const result = await esbuild.build({
    entryPoints: ["lambda_main.ts"],
    outfile: "lambda_main.js",
    sourcemap: "external",
    sourcesContent: false,
    bundle: true,
    write: false,
    format: "cjs",
    target: "es2022",
    platform: "neutral",
    logLevel: "silent",
    plugins: [
      {
        name: "files",
        setup(build) {
          build.onResolve({ filter: /.*/ }, (args) => ({
            path: args.kind === "entry-point" ? args.path : `${args.path.replace(/^\.\//, "")}.ts`,
            namespace: "lambda",
          }));
          build.onLoad({ filter: /.*/, namespace: "lambda" }, (args) => ({
            contents: FILES[args.path]!,
            loader: "ts",
          }));
        },
      },
    ],
  });
  return {
    js: result.outputFiles.find((f) => f.path.endsWith(".js"))!.text,
    map: result.outputFiles.find((f) => f.path.endsWith(".map"))!.text,
  };
}

type LambdaExports = { main(n: number): Promise<number> };

describe("the browser lambda's debuggable bundle", () => {
  const session = new Session();
  const parsed = new Map<string, { url: string; sourceMapURL?: string }>();
  let paused: { scriptId: string; lineNumber: number; columnNumber: number }[] = [];
  let built: ReturnType<typeof debuggableBundle>;
  let exports: LambdaExports;

  beforeAll(async () => {
    session.connect();
    session.on("Debugger.scriptParsed", ({ params }) => parsed.set(params.scriptId, params));
    // A pause on this thread is reported synchronously; resuming from the handler lets the code go on.
    session.on("Debugger.paused", ({ params }) => {
      paused.push(params.callFrames[0]!.location as (typeof paused)[number]);
      session.post("Debugger.resume");
    });
    await new Promise<void>((done) => session.post("Debugger.enable", () => done()));
    const { js, map } = await bundle();
    built = debuggableBundle(js, map, FILES);
    const module = { exports: {} as LambdaExports };
    // As the worker runs it.
    new Function("require", "module", "exports", built.body)(() => null, module, module.exports);
    exports = module.exports;
  });
  afterAll(() => session.disconnect());

  const script = () => [...parsed.entries()].find(([, s]) => s.url === BUNDLE_NAME)!;

  it("is named lambda_main.js and carries an inline map with the lambda's files and their text", () => {
    expect(built.body).toContain(`\n//# sourceURL=${BUNDLE_NAME}\n`);
    const [, seen] = script();
    expect(seen.sourceMapURL ?? "").toMatch(/^data:application\/json;charset=utf-8;base64,/);
    const map = JSON.parse(Buffer.from((seen.sourceMapURL ?? "").split(",")[1]!, "base64").toString("utf8"));
    expect(map.sources.sort()).toEqual(["lambda_main.ts", "lib/math.ts"]);
    expect(map.sources.map((s: string) => map.sourcesContent[map.sources.indexOf(s)])).toEqual(
      map.sources.map((s: string) => FILES[s]),
    );
    expect(map.file).toBe(BUNDLE_NAME);
  });

  it("pauses on a debugger statement at the TypeScript line the map names", async () => {
    paused = [];
    expect(await exports.main(21)).toBe(43);
    expect(paused).toHaveLength(1);
    const [scriptId] = script();
    expect(paused[0]!.scriptId).toBe(scriptId);
    const original = originalPositionFor(new TraceMap(built.sourceMap), {
      line: paused[0]!.lineNumber + 1,
      column: paused[0]!.columnNumber,
    });
    expect([original.source, original.line]).toEqual(["lambda_main.ts", 5]);
  });

  it("stops at a breakpoint set on a line of a module, as DevTools sets it through the map", async () => {
    const [scriptId] = script();
    const generated = generatedPositionFor(new TraceMap(built.sourceMap), {
      source: "lib/math.ts",
      line: 3,
      column: 2,
    });
    expect(generated.line).not.toBeNull();
    const breakpoint = await new Promise<{ breakpointId: string }>((done, fail) =>
      session.post(
        "Debugger.setBreakpoint",
        { location: { scriptId, lineNumber: generated.line! - 1, columnNumber: generated.column! } },
        (error, result) => (error ? fail(error) : done(result as { breakpointId: string })),
      ),
    );
    paused = [];
    await exports.main(2);
    session.post("Debugger.removeBreakpoint", { breakpointId: breakpoint.breakpointId });
    const lines = paused.map((p) =>
      originalPositionFor(new TraceMap(built.sourceMap), { line: p.lineNumber + 1, column: p.columnNumber }),
    );
    // The breakpoint in lib/math.ts, then main's debugger statement.
    expect(lines.map((l) => `${l.source}:${l.line}`)).toEqual(["lib/math.ts:3", "lambda_main.ts:5"]);
  });

  it("maps a thrown error's stack to the module's and lambda_main.ts's lines", async () => {
    const error = await exports.main(-1).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    const stack = bundleStackMapper(built.sourceMap, BUNDLE_NAME, 0, "http://127.0.0.1:1")((error as Error).stack!);
    expect(stack).toMatch(/^Error: negative: -1\n/);
    expect(stack).toContain("lib/math.ts:2:");
    expect(stack).toContain("lambda_main.ts:4:");
    expect(stack).not.toContain(BUNDLE_NAME);
  });
});
