/**
 * The project's server lambda in the playground: kept between runs (same id, shown with its
 * proxy/main URL), updated in place when the code changes; a standalone lambda with a JSON body
 * answers alike on the server and in the browser; the lambda's multi-file project opened from a
 * zip runs on both targets.
 */
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { chromiumAvailable } from "../support/browser.ts";
import { playgroundSuite } from "../support/playgroundSuite.ts";

describe.runIf(chromiumAvailable())("server lambda", () => {
  const playground = playgroundSuite();

  it("keeps one server lambda between runs and updates it in place when the code changes", async () => {
    const page = await playground.open();
    await page.setCode('export async function main() { return { answer: "one" }; }\n');
    const first = await page.run("server");
    expect([first.status, first.body]).toEqual(["201", { answer: "one" }]);
    const id = await page.page.textContent('[data-testid="server-lambda-id"]');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await page.page.textContent('[data-testid="server-lambda-url"]')).toMatch(
      new RegExp(`/luna-lambda/1/lambdas/${id}/proxy/main$`),
    );
    expect((await page.run("server")).body).toEqual({ answer: "one" });
    expect(await page.page.textContent('[data-testid="server-lambda"]')).toMatch(/ v1 /);

    await page.setCode('export async function main() { return { answer: "two" }; }\n');
    expect((await page.run("server")).body).toEqual({ answer: "two" });
    expect(await page.page.textContent('[data-testid="server-lambda-id"]')).toBe(id);
    expect(await page.page.textContent('[data-testid="server-lambda"]')).toMatch(/ v2 /);
  }, 300_000);

  it("runs a standalone lambda on its JSON body on both targets, and says when the body is not JSON", async () => {
    const page = await playground.open();
    await page.page.selectOption('[data-testid="lambda-type"]', "standalone");
    await page.page.fill('[data-testid="standalone-body"]', '{"n": 21}');
    await page.setCode(
      "export async function main(request: { json: { n: number } }) { return { doubled: request.json.n * 2 }; }\n",
    );
    for (const target of ["server", "browser-wasm"] as const) {
      const result = await page.run(target);
      expect([result.status, result.body], target).toEqual(["200", { doubled: 42 }]);
    }
    await page.page.fill('[data-testid="standalone-body"]', '{"n": ');
    expect(await page.page.textContent('[data-testid="standalone-body-error"]')).toMatch(/not JSON/);
  }, 300_000);

  it("runs a lambda split over lambda_main.ts and a module of its own, opened from a zip, on both targets", async () => {
    const page = await playground.open();
    const zip = zipSync({
      "lambda_main.ts": strToU8(
        'import { double } from "./lib/math";\nexport async function main() { return { doubled: double(21) }; }\n',
      ),
      "lib/math.ts": strToU8("export const double = (n: number): number => n * 2;\n"),
    });
    await page.openProject({ name: "split.zip", mimeType: "application/zip", buffer: Buffer.from(zip) });
    for (const target of ["server", "browser-wasm"] as const) {
      const result = await page.run(target);
      expect([result.status, result.body], target).toEqual(["201", { doubled: 42 }]);
    }
  }, 300_000);
});
