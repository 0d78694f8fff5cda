/**
 * The one-file declarations of luna-lambda-tools (what the playground's editor loads): built with
 * the real bundler, free of internal dependencies, and enough to type-check every example lambda.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../../../..");
const out = mkdtempSync(join(tmpdir(), "luna-types-"));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe("luna-lambda-tools declarations", () => {
  it("bundle into one file that type-checks the example lambdas", () => {
    const bundle = join(out, "luna-lambda-tools.d.ts");
    execFileSync(
      process.execPath,
      [
        join(root, "node_modules/dts-bundle-generator/dist/bin/dts-bundle-generator.js"),
        "--silent",
        "--no-check",
        "--export-referenced-types=false",
        "-o",
        bundle,
        "shared/lambda/index.ts",
      ],
      { cwd: root },
    );
    const text = readFileSync(bundle, "utf8");
    expect(text).not.toMatch(/from "zod"|from "@msgpack/);
    expect(text).toMatch(/export declare class HandlersLambdaRequest/);

    const examples = readdirSync(join(root, "shared/lambda/examples"))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => join(root, "shared/lambda/examples", f));
    const program = ts.createProgram(examples, {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ["lib.es2023.d.ts", "lib.dom.d.ts"],
      types: [],
      skipLibCheck: false,
      baseUrl: root,
      paths: { "luna-lambda-tools": [bundle] },
    });
    const diagnostics = ts
      .getPreEmitDiagnostics(program)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(diagnostics).toEqual([]);
  }, 60_000);
});
