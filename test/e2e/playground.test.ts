/**
 * The playground in a real browser against the real server: upload a photo, run the estimations
 * on the server and in the browser (onnxruntime-web WASM in a worker), see the boxes, and check
 * that both places find the same face.
 */
import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iou } from "../../shared/inference/geometry.ts";
import { photoPath } from "../support/fixtures.ts";
import { chromiumAvailable, launchChromium } from "../support/browser.ts";
import { startTestServer, type TestServer } from "../support/testServer.ts";

const run = chromiumAvailable();
const screenshots = resolve(import.meta.dirname, "../.cache/screenshots");

describe.runIf(run)("playground in chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on("pageerror", (error) => console.error("page error:", error.message));
    await page.goto(server.url);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function runOn(target: string) {
    await page.selectOption('[data-testid="run-target"]', target);
    await page.click('[data-testid="run-button"]');
    await page.waitForFunction(() => ["done", "error"].includes(document.querySelector('[data-testid="run-status"]')?.textContent ?? ""), null, {
      timeout: 180_000,
    });
    expect(await page.textContent('[data-testid="run-status"]'), (await page.textContent('[data-testid="error"]').catch(() => "")) ?? "").toBe("done");
    const boxes = await page.$$eval('[data-testid="face-box"][data-source="detector"]', (nodes) =>
      nodes.map((n) => ({ x: Number(n.getAttribute("data-x")), y: Number(n.getAttribute("data-y")), width: Number(n.getAttribute("data-width")), height: Number(n.getAttribute("data-height")) })),
    );
    const reply = JSON.parse((await page.getAttribute('[data-testid="reply-json"]', "data-json")) ?? "null");
    return { boxes, reply, backend: await page.textContent('[data-testid="backend-used"]') };
  }

  it("finds the face on the server and in the browser (WASM), in the same place", async () => {
    await page.setInputFiles('[data-testid="image-input"]', photoPath("grace_hopper_512x512.jpg"));
    const server = await runOn("server");
    expect(server.backend).toBe("onnxruntime-node");
    expect(server.boxes).toHaveLength(1);
    const box = server.boxes[0]!;
    expect(box.x + box.width / 2).toBeGreaterThan(230);
    expect(box.x + box.width / 2).toBeLessThan(300);
    expect(server.reply.images_estimations[0].estimations[0].face.detection.attributes.emotions.predominant_emotion).toBe("happiness");

    const browser = await runOn("browser-wasm");
    expect(browser.backend).toBe("wasm");
    expect(browser.boxes).toHaveLength(1);
    expect(iou(browser.boxes[0]!, box)).toBeGreaterThanOrEqual(0.98);
    expect(browser.reply.images_estimations[0].estimations[0].face.detection.attributes.emotions.predominant_emotion).toBe("happiness");

    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: resolve(screenshots, "playground.png") });
  }, 240_000);

  async function runLambda() {
    await page.click('[data-testid="lambda-run-button"]');
    await page.waitForFunction(
      () => !document.querySelector('[data-testid="lambda-run-button"]')?.hasAttribute("disabled") && document.querySelector('[data-testid="reply-status"]'),
      null,
      { timeout: 60_000 },
    );
    return {
      status: await page.textContent('[data-testid="reply-status"]'),
      body: JSON.parse((await page.getAttribute('[data-testid="lambda-reply-json"]', "data-json")) || "null"),
    };
  }

  it("edits and runs lambda templates on the server: emotions, a raised service error, a compile error", async () => {
    await page.waitForSelector('[data-testid="code-editor"] .monaco-editor', { timeout: 60_000 });
    await page.selectOption('[data-testid="template-select"]', "02-emotions");
    const emotions = await runLambda();
    expect(emotions.status).toBe("HTTP 201");
    expect(emotions.body.result[0].estimations.images_estimations[0].estimations[0].face.detection.attributes.emotions.predominant_emotion).toBe("happiness");

    await page.selectOption('[data-testid="template-select"]', "01-get-face");
    await page.waitForTimeout(200);
    const raised = await runLambda();
    expect(raised.status).toBe("HTTP 500");
    expect(raised.body).toMatchObject({ error_code: 42004, desc: "Lambda exception" });

    // Type broken code into Monaco: the compile error comes back with its line.
    await page.click('[data-testid="code-editor"] .monaco-editor .view-lines');
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    // insertText, not key presses: suggestions and auto-closing would otherwise rewrite the typing.
    await page.keyboard.insertText("// a broken lambda\nexport const main = (;\n");
    await page.waitForTimeout(300);
    const broken = await runLambda();
    expect(broken.status, JSON.stringify(broken.body)).toBe("HTTP 400");
    expect(broken.body.compile_errors[0]).toMatch(/^lambda_main\.ts:2:\d+ /);
    await page.screenshot({ path: resolve(screenshots, "lambda.png"), fullPage: true });
  }, 180_000);

  it("turns a box drawn with the mouse into the lambda's face_detection_data, in image pixels", async () => {
    // Mouse coordinates are in the viewport: bring the whole image into it first.
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.locator('[data-testid="image-stage"]').scrollIntoViewIfNeeded();
    const stage = await page.locator('[data-testid="image-stage"] svg').boundingBox();
    expect(stage).not.toBeNull();
    const scale = stage!.width / 512; // grace_hopper_512x512.jpg
    const at = (x: number, y: number) => [stage!.x + x * scale, stage!.y + y * scale] as const;
    await page.mouse.move(...at(170, 110));
    await page.mouse.down();
    await page.mouse.move(...at(260, 200), { steps: 5 });
    await page.mouse.move(...at(360, 320), { steps: 5 });
    await page.mouse.up();
    const drawn = page.locator('[data-testid="face-box"][data-source="user"]');
    await expect.poll(() => drawn.count()).toBe(1);
    const box = Object.fromEntries(await Promise.all(["x", "y", "width", "height"].map(async (k) => [k, Number(await drawn.getAttribute(`data-${k}`))])));
    for (const [k, v] of Object.entries({ x: 170, y: 110, width: 190, height: 210 })) expect(Math.abs(box[k] - v), k).toBeLessThanOrEqual(2);

    await page.click('[data-testid="code-editor"] .monaco-editor .view-lines');
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    await page.keyboard.insertText(
      'import { HandlersLambdaRequest } from "luna-lambda-tools";\n' +
        "export async function main(request: HandlersLambdaRequest) {\n" +
        "  return { boxes: request.data.sources[0]!.source.faceDetectionData.map((d) => d.boundingBox) };\n" +
        "}\n",
    );
    const reply = await runLambda();
    expect(reply.status).toBe("HTTP 201");
    expect(reply.body.boxes).toEqual([box]);

    // Selected and deleted with the Delete key.
    await drawn.click();
    await page.keyboard.press("Delete");
    await expect.poll(() => drawn.count()).toBe(0);
  }, 120_000);
});
