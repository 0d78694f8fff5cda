/**
 * `npm run lint` enforces the rooms' boundaries (docs/architecture.md): the repository's own
 * biome.jsonc and .dependency-cruiser.cjs, copied next to a few probe files in a temporary tree with
 * the same layout, must refuse each kind of violation and pass what is allowed. Nothing is written
 * into the working tree.
 */
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = resolve(import.meta.dirname, "../../..");
const bin = (name: string) => join(repo, "node_modules/.bin", name);
const run = promisify(execFile);

/** Files of the probe tree: one violation each, plus imports that are allowed. */
const PROBES: Record<string, string> = {
  "server/store.ts": "export const stored = 1;\nexport type Stored = number;\n",
  "web/server/Notice.tsx": "export const notice = 1;\n",
  "shared/readsFile.ts": 'import { readFileSync } from "node:fs";\nexport const read = readFileSync;\n',
  "shared/usesServerType.ts": 'import type { Stored } from "../server/store.ts";\nexport const typed: Stored = 1;\n',
  "shared/usesExpress.ts": 'import express from "express";\nexport const app = express;\n',
  "shared/usesDom.ts": "export const title = () => document.title;\n",
  "shared/allowed.ts": 'import { z } from "zod";\nexport const schema = z.number();\n',
  "web/App.tsx":
    'import { stored } from "../server/store.ts";\nimport { notice } from "./server/Notice.tsx";\nexport const both = stored + notice;\n',
  "server/usesWeb.ts": 'import { notice } from "../web/server/Notice.tsx";\nexport const shown = notice;\n',
};

let tree: string;

beforeAll(() => {
  tree = mkdtempSync(join(tmpdir(), "luna-lint-"));
  for (const file of ["biome.jsonc", ".dependency-cruiser.cjs", "tsconfig.json"])
    copyFileSync(join(repo, file), join(tree, file));
  symlinkSync(join(repo, "node_modules"), join(tree, "node_modules"));
  for (const [path, source] of Object.entries(PROBES)) {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), source);
  }
});

afterAll(() => rmSync(tree, { recursive: true, force: true }));

/** Runs a linter in the probe tree; resolves with its exit code and stdout whatever the code. */
async function inTree(command: string, args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(command, args, { cwd: tree });
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, stdout: failed.stdout };
  }
}

describe("npm run lint's boundaries", () => {
  it("dependency-cruiser refuses node:*, a server/ type and a Node-only package in shared/, and web/ ↔ server/ imports", async () => {
    // The default "err" reporter, as `npm run lint` runs it: one "error <rule>: <from> → <to>" line each.
    const { code, stdout } = await inTree(bin("depcruise"), [
      "--config",
      ".dependency-cruiser.cjs",
      "shared",
      "server",
      "web",
    ]);
    const violations = [...stdout.matchAll(/error (\S+): (\S+) → (\S+)/g)]
      .map(([, rule, from, to]) => `${rule}: ${from} → ${to!.replace(/^.*node_modules\//, "node_modules/")}`)
      .sort();
    expect(code).not.toBe(0);
    expect(violations).toEqual([
      "server-imports-no-web: server/usesWeb.ts → web/server/Notice.tsx",
      "shared-imports-no-node-builtin: shared/readsFile.ts → fs",
      "shared-imports-no-platform-package: shared/usesExpress.ts → node_modules/express/index.js",
      "shared-imports-no-room: shared/usesServerType.ts → server/store.ts",
      "web-imports-no-server: web/App.tsx → server/store.ts",
    ]);
  });

  it("Biome refuses DOM globals in shared/ and nothing else in the probes", async () => {
    const { code, stdout } = await inTree(bin("biome"), [
      "lint",
      "--vcs-enabled=false",
      "--reporter=json",
      "shared",
      "server",
      "web",
    ]);
    const diagnostics = (
      JSON.parse(stdout) as { diagnostics: { category: string; location: { path: string } }[] }
    ).diagnostics.map((d) => `${d.category}: ${d.location.path}`);
    expect(code).not.toBe(0);
    expect(diagnostics).toEqual(["lint/style/noRestrictedGlobals: shared/usesDom.ts"]);
  });
});
