/**
 * Python's syntax errors in the problems list: Pyodide's compile() checks lambda_main.py and its
 * modules as they change (a debounced worker), each error as file:line:column, and a run is
 * stopped on them with "Run anyway" offered; fixed code clears them.
 */
import { describe, expect, it } from "vitest";
import { chromiumAvailable } from "../support/browser.ts";
import type { PlaygroundPage } from "../support/playgroundPage.ts";
import { playgroundSuite } from "../support/playgroundSuite.ts";

const BROKEN_MAIN = `from luna_lambda_tools import HandlersLambdaRequest
from helpers import greeting


async def main(request: HandlersLambdaRequest) -> dict:
    names = [source.filename for source in request.data.sources]
    if len(names) > 1
        return {"many": names}
    return {"greeting": greeting()}
`;
const BROKEN_MODULE = `def greeting():
    return "hello" +
`;

/** Opens a Python project file with a module (typed Python would be re-indented by Monaco). */
async function openPython(page: PlaygroundPage, code: string, modules: Record<string, string>): Promise<void> {
  const project = {
    format: "luna-lambda-playground-project",
    version: 1,
    code,
    modules,
    language: "python",
    templateId: "py-blank",
    target: "browser-wasm",
    sendFaceBoundingBoxes: false,
    timeoutS: 90,
    maskModel: null,
    images: [],
  };
  await page.openProject({
    name: "broken-python.json",
    mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify(project)),
  });
}

const problemTexts = (page: PlaygroundPage) =>
  page.page.locator('[data-testid="problems-list"] [data-testid="problem"]').allTextContents();

describe.runIf(chromiumAvailable())("Python problems", () => {
  const playground = playgroundSuite();

  it("lists Python's syntax errors by file, line and column, blocks the run, and clears them when fixed", async () => {
    const page = await playground.open();
    const p = page.page;
    await openPython(page, BROKEN_MAIN, { "helpers.py": BROKEN_MODULE });
    // Python's own messages (CPython 3.12 in Pyodide), at the lines the files have them.
    await p.waitForFunction(
      () => document.querySelectorAll('[data-testid="problems-list"] [data-testid="problem"]').length === 2,
      undefined,
      { timeout: 120_000 },
    );
    expect((await problemTexts(page)).sort()).toEqual([
      "helpers.py:2:21: SyntaxError: invalid syntax",
      "lambda_main.py:7:22: SyntaxError: expected ':'",
    ]);
    expect(await p.textContent('[data-testid="problems-count"]')).toBe("2");
    await page.screenshot("python-problems.png");

    // Run is stopped and says why; "Run anyway" runs it, and the run's own check agrees.
    await page.selectTarget("browser-wasm");
    await p.click('[data-testid="run-button"]');
    const message = await p.waitForSelector('[data-testid="error"]');
    expect(await message.textContent()).toMatch(/^not run: 2 error\(s\) in the problems list, first helpers\.py:2:21/);
    const before = Number(await p.getAttribute('[data-testid="run-status"]', "data-run-seq"));
    await p.click('[data-testid="run-anyway"]');
    await p.waitForFunction(
      (seq) => Number(document.querySelector('[data-testid="run-status"]')?.getAttribute("data-run-seq")) > seq,
      before,
      { timeout: 120_000 },
    );
    expect(await p.textContent('[data-testid="compile-errors"]')).toContain("lambda_main.py:7");

    // The module fixed in its editor tab: only lambda_main.py's error is left.
    await p.click('[data-testid="file-tab"][data-path="helpers.py"]');
    await page.setCode('def greeting():\n    return "hello"\n');
    await p.waitForFunction(
      () => document.querySelectorAll('[data-testid="problems-list"] [data-testid="problem"]').length === 1,
    );
    expect(await problemTexts(page)).toEqual(["lambda_main.py:7:22: SyntaxError: expected ':'"]);
  });

  it("has no Python problems for a TypeScript project, even after a broken Python one", async () => {
    const page = await playground.open();
    const p = page.page;
    await openPython(page, "def main(request:\n", {});
    await p.waitForSelector('[data-testid="problems-list"] [data-testid="problem"]', { timeout: 120_000 });
    expect(await problemTexts(page)).toEqual(["lambda_main.py:1:9: SyntaxError: '(' was never closed"]);
    await page.selectTemplate("blank");
    await p.waitForSelector('[data-testid="problems-count"]:text-is("0")');
    expect(await problemTexts(page)).toEqual([]);
  });
});
