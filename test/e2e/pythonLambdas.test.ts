/**
 * The seed's Python lambdas, verbatim, in the browser (Pyodide) and on the server: the same replies
 * as each other and as the TypeScript template; Python's syntax errors, exceptions and loops;
 * completions; seed example 5 with and without the user's mask model.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { chromiumAvailable } from "../support/browser.ts";
import { photoPath } from "../support/fixtures.ts";
import { meanColourClassifier } from "../support/onnxBuilder.ts";
import type { Box, PlaygroundPage } from "../support/playgroundPage.ts";
import { playgroundSuite } from "../support/playgroundSuite.ts";

const TARGETS = ["browser-wasm", "server"] as const;
type Reply = { status: string | null; body: any };

/** Project files opened so far (each gets its own name). */
let opened = 0;

/** Opens a Python project with custom code (Monaco would re-indent typed Python) on Grace Hopper's portrait. */
async function openPython(
  page: PlaygroundPage,
  code: string,
  boxes: Box[] = [],
  maskModel: { filename: string; base64: string; manifest: string } | null = null,
): Promise<void> {
  const grace = readFileSync(photoPath("grace_hopper_512x512.jpg")).toString("base64");
  const project = {
    format: "luna-lambda-playground-project",
    version: 1,
    code,
    language: "python",
    templateId: "py-blank",
    target: "browser-wasm",
    sendFaceBoundingBoxes: false,
    timeoutS: 90,
    maskModel,
    images: [
      {
        id: "g",
        filename: "grace.jpg",
        mimetype: "image/jpeg",
        base64: grace,
        boxes: boxes.map((b, i) => ({ id: `b${i}`, ...b, source: "user" })),
      },
    ],
  };
  // A name of its own each time, so the page's "opened <name>" is this file's.
  const name = `python-${++opened}.json`;
  await page.openProject({ name, mimeType: "application/json", buffer: Buffer.from(JSON.stringify(project)) });
  expect(await page.page.textContent('[data-testid="lambda-file"]')).toBe("lambda_main.py");
}

describe.runIf(chromiumAvailable())("Python lambdas", () => {
  const playground = playgroundSuite();

  it("runs the seed's Python examples verbatim in the browser and on the server with the TypeScript template's replies", async () => {
    const page = await playground.open();
    await page.addSample("astronaut.png");
    await page.addSample("grace_hopper_512x512.jpg");
    await page.selectTarget("browser-wasm");
    await page.setTimeoutSeconds(90);
    await page.selectTemplate("02-emotions");
    const typescript = await page.run("server");
    expect(typescript.status).toBe("201");
    const emotionsOf = (body: any) =>
      body.result.map((r: any) => [
        r.image_filename,
        r.estimations.images_estimations[0].estimations.map(
          (e: any) => e.face.detection.attributes.emotions.predominant_emotion,
        ),
      ]);

    const replies: Record<string, Record<string, Reply>> = {};
    for (const template of [
      "py-01-get-face",
      "py-01b-get-face-no-raise",
      "py-02-emotions",
      "py-03-similarity",
      "py-04-canonical-handler",
    ]) {
      await page.selectTemplate(template);
      expect(await page.page.textContent('[data-testid="lambda-file"]')).toBe("lambda_main.py");
      replies[template] = {};
      for (const target of TARGETS) {
        const result = await page.run(target);
        expect(result.compileErrors, `${template} on ${target}`).toBeNull();
        replies[template]![target] = { status: result.status, body: result.body };
      }
    }
    for (const target of TARGETS) {
      const r = (t: string) => replies[t]![target]!;
      expect([r("py-01-get-face").status, r("py-01-get-face").body.error_code], target).toEqual(["500", 42004]);
      expect(r("py-01-get-face").body.detail, target).toMatch(
        /^Not expected code from service: 404 GET .*\/faces\/[0-9a-f-]{36}, error: /,
      );
      expect([r("py-01b-get-face-no-raise").status, r("py-01b-get-face-no-raise").body.error_code], target).toEqual([
        "201",
        22002,
      ]);
      expect(r("py-02-emotions").status, target).toBe("201");
      expect(emotionsOf(r("py-02-emotions").body), target).toEqual(emotionsOf(typescript.body));
      expect(r("py-03-similarity").status, target).toBe("201");
      expect(r("py-03-similarity").body.similarity, target).toBeLessThan(0.5);
      expect(
        r("py-04-canonical-handler").status,
        `${target}: ${JSON.stringify(r("py-04-canonical-handler").body)}`,
      ).toBe("201");
      expect(r("py-04-canonical-handler").body.events).toHaveLength(2);
    }
    // The browser and the server computed the same similarity (same models, same descriptors).
    expect(
      Math.abs(
        replies["py-03-similarity"]!["browser-wasm"]!.body.similarity -
          replies["py-03-similarity"]!.server!.body.similarity,
      ),
    ).toBeLessThan(0.01);
  }, 600_000);

  it("completes and explains the Python API in the editor", async () => {
    const page = await playground.open();
    await page.selectTemplate("py-blank");
    await expect.poll(() => page.page.textContent('[data-testid="lambda-file"]')).toBe("lambda_main.py");
    await page.page.click('[data-testid="code-editor"] .monaco-editor .view-lines');
    await page.page.keyboard.press("Control+End");
    await page.page.keyboard.press("Enter");
    const suggestions = () => page.page.locator(".suggest-widget .monaco-list-row").allTextContents();
    await page.page.keyboard.type("request.clients.", { delay: 30 });
    await expect.poll(suggestions, { timeout: 10_000 }).toContainEqual(expect.stringContaining("faces"));
    await page.page.keyboard.type("faces.", { delay: 30 });
    await expect.poll(suggestions, { timeout: 10_000 }).toContainEqual(expect.stringContaining("getFace"));
    await page.page.keyboard.press("Escape");
  }, 120_000);

  it("reports Python syntax errors, user exceptions and loops, and logs from Python", async () => {
    const page = await playground.open();
    await openPython(page, "async def main(request):\n    return {\n");
    // The problems list shows the syntax error first and blocks the run; "Run anyway" shows what the build says.
    await page.waitForProblem(/^lambda_main\.py:2:\d+: /);
    for (const target of TARGETS) {
      const broken = await page.runAnyway(target);
      expect(broken.runStatus).toBe("error");
      expect(broken.compileErrors, target).toMatch(/^lambda_main\.py:2:\d+: SyntaxError: '\{' was never closed/);
    }
    await openPython(
      page,
      'from luna_lambda_tools import UserException\n\n\nclass Teapot(UserException):\n    statusCode = 418\n    errorText = "short and stout"\n\n\nasync def main(request):\n    raise Teapot\n',
    );
    for (const target of TARGETS) {
      const teapot = await page.run(target);
      expect([teapot.status, teapot.body], target).toEqual([
        "418",
        expect.objectContaining({ error_code: 42004, detail: "short and stout" }),
      ]);
    }
    await openPython(page, "async def main(request):\n    while True:\n        pass\n");
    await page.selectTarget("browser-wasm");
    await page.setTimeoutSeconds(5);
    const looping = await page.run("browser-wasm");
    expect(looping.status).toBe("500");
    expect(looping.body.detail).toMatch(/did not answer within 5 s/);
    await page.setTimeoutSeconds(90);
    await openPython(
      page,
      'from luna_lambda_tools import logger\n\n\nasync def main(request):\n    logger.info("hello from Python")\n    return {"images": len(request.data.sources)}\n',
    );
    const after = await page.run("browser-wasm");
    expect([after.status, after.body]).toEqual(["201", { images: 1 }]);
    expect(await page.page.textContent('[data-testid="log-view"]')).toMatch(
      /Pyodide\) loaded in \d+ ms[\s\S]*hello from Python/,
    );
    await page.screenshot("playground-python.png", true);
  }, 600_000);

  it("runs seed example 5 verbatim (lunavl) in the browser, as far as the models allow", async () => {
    // Chromium's Pyodide can wait for the engine inside the synchronous detect and warp (JavaScript
    // Promise Integration), so the verbatim example runs there.
    const page = await playground.open();
    const example5 = readFileSync(
      resolve(import.meta.dirname, "../../shared/lambda/examples/python/05-mask-in-area.py"),
      "utf8",
    );
    const graceFace = [{ x: 150, y: 90, width: 230, height: 250 }];
    await openPython(page, example5, graceFace);
    const withoutModel = await page.run("browser-wasm");
    expect([withoutModel.status, withoutModel.body.error_code]).toEqual(["501", 95020]);
    const classifier = meanColourClassifier(
      [112, 112],
      [
        [6, -3, -3],
        [-3, 6, -3],
        [-3, -3, 6],
      ],
      [0, 0, 0],
    );
    const manifest = JSON.stringify({
      kind: "mask",
      inputSize: [112, 112],
      crop: "warp",
      labels: ["missing", "medical_mask", "occluded"],
    });
    await openPython(page, example5, graceFace, {
      filename: "mask.onnx",
      base64: Buffer.from(classifier).toString("base64"),
      manifest,
    });
    const withModel = await page.run("browser-wasm");
    expect(withModel.status, JSON.stringify(withModel.body)).toBe("201");
    expect(["missing", "medical_mask", "occluded"]).toContain(withModel.body.results.predominant_mask);
  }, 600_000);
});
