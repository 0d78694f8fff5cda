/**
 * Problems before running: TypeScript's diagnostics (Monaco's worker) listed as file:line:column,
 * a run blocked on them with a one-click "run anyway". History and diff: every run kept; two
 * picked are compared side by side with a numeric tolerance (Server vs Browser · WASM).
 */
import { describe, expect, it } from "vitest";
import { playgroundSuite } from "../support/playgroundSuite.ts";

const playground = playgroundSuite();

const TYPE_ERRORS = `import { HandlersLambdaRequest } from "luna-lambda-tools";

export async function main(request: HandlersLambdaRequest) {
  const n: number = "x";
  return { count: request.data.sources.lenght, n };
}
`;

describe("problems", () => {
  it("lists TypeScript errors with file:line:column and blocks the run until 'run anyway'", async () => {
    const page = await playground.open();
    await page.setCode(TYPE_ERRORS);
    const list = page.page.locator('[data-testid="problems-list"] [data-testid="problem"]');
    await expect
      .poll(() => list.allTextContents(), { timeout: 60_000 })
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^lambda_main\.ts:4:9: Type 'string' is not assignable to type 'number'/),
          expect.stringMatching(/^lambda_main\.ts:5:42: Property 'lenght' does not exist/),
        ]),
      );
    const blocked = await page.run("server");
    expect(blocked.runStatus).toBe("error");
    expect(blocked.status).toBeNull();
    expect(blocked.error).toMatch(/not run: 2 error\(s\) in the problems list, first lambda_main\.ts:4:9/);
    await page.screenshot("problems-blocked.png");

    const before = Number(await page.page.getAttribute('[data-testid="run-status"]', "data-run-seq"));
    await page.page.click('[data-testid="run-anyway"]');
    await page.page.waitForFunction(
      (seq) => Number(document.querySelector('[data-testid="run-status"]')?.getAttribute("data-run-seq")) > seq,
      before,
      { timeout: 120_000 },
    );
    // esbuild strips the types, so the lambda runs: the misspelt property is undefined.
    expect(await page.page.textContent('[data-testid="reply-status"]')).toBe("201");
    expect(JSON.parse((await page.page.getAttribute('[data-testid="reply-json"]', "data-json"))!)).toEqual({ n: "x" });

    // Fixed code runs at once, without asking: the run asks the TypeScript worker itself rather than
    // waiting for the editor's markers to catch up, and the list is empty after it.
    await page.setCode(TYPE_ERRORS.replace('"x"', "1").replace("lenght", "length"));
    const fixed = await page.run("server");
    expect(fixed.status).toBe("201");
    expect(fixed.body).toEqual({ count: 0, n: 1 });
    expect(await list.count()).toBe(0);
  }, 240_000);
});

describe("history and diff", () => {
  it("keeps every run and compares two with a tolerance: Server and Browser · WASM agree on the same request", async () => {
    const page = await playground.open();
    await page.addSample("grace_hopper_512x512.jpg");
    await page.selectTemplate("02-emotions");
    const server = await page.run("server");
    const browser = await page.run("browser-wasm");
    expect(server.status).toBe("201");
    expect(browser.status).toBe("201");
    await page.openTab("history");
    const entries = page.page.locator('[data-testid="history-entry"]');
    expect(await entries.count()).toBe(2);
    expect(await entries.nth(0).textContent()).toMatch(/#2 · Browser · WASM/);
    expect(await entries.nth(1).textContent()).toMatch(/#1 · Server · .* · 201 · \d+ ms/);

    await page.page.locator('[data-testid="history-pick"]').nth(0).check();
    expect(await page.page.locator('[data-testid="diff-view"]').count()).toBe(0);
    await page.page.locator('[data-testid="history-pick"]').nth(1).check();
    const diff = page.page.locator('[data-testid="diff-view"]');
    await diff.waitFor();
    // The emotion scores differ in the last digits between onnxruntime-node and -web, within 1 %…
    expect(await diff.getAttribute("data-agree")).toBe("true");
    expect(await page.page.locator('[data-testid="diff-row"][data-kind="close"]').count()).toBeGreaterThan(0);
    await page.screenshot("history-diff.png");
    // …and with no tolerance at all, those numbers are differences.
    await page.page.fill('[data-testid="diff-tolerance"]', "0");
    await expect.poll(() => diff.getAttribute("data-agree")).toBe("false");
    expect(await page.page.locator('[data-testid="diff-row"][data-kind="differs"]').count()).toBeGreaterThan(0);
  }, 400_000);
});
