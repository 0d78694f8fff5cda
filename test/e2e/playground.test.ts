/**
 * The playground in a real browser (Debian chromium, WebGPU through SwiftShader) against the real
 * server: upload a photo, draw a box with the mouse, run the emotions template on each target and
 * compare what the browser and the server saw; compile errors, thrown errors, a runaway lambda;
 * box editing, image order, persistence and project files.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { strFromU8, unzipSync } from "fflate";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { iou } from "../../shared/inference/geometry.ts";
import { cosine, decodeSdkDescriptor, descriptorToVector } from "../../shared/luna/descriptor.ts";
import { photoPath } from "../support/fixtures.ts";
import { meanColourClassifier } from "../support/onnxBuilder.ts";
import { chromiumAvailable, launchChromium } from "../support/browser.ts";
import { startTestServer, type TestServer } from "../support/testServer.ts";

const enabled = chromiumAvailable();
const screenshots = resolve(import.meta.dirname, "../.cache/screenshots");
type Box = { x: number; y: number; width: number; height: number };

describe.runIf(enabled)("playground in chromium", () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchChromium({ webgpu: true });
    page = await browser.newPage({ viewport: { width: 1400, height: 1300 }, acceptDownloads: true });
    page.on("pageerror", (error) => console.error("page error:", error.message));
    await page.goto(server.url);
    await page.waitForSelector('[data-testid="code-editor"] .monaco-editor', { timeout: 60_000 });
    mkdirSync(screenshots, { recursive: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function setCode(code: string) {
    await page.click('[data-testid="code-editor"] .monaco-editor .view-lines');
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Delete");
    // insertText, not key presses: suggestions and auto-closing would otherwise rewrite the typing.
    await page.keyboard.insertText(code);
    await page.waitForTimeout(200);
  }

  async function run(target: string, how: "click" | "keys" = "click") {
    await page.selectOption('[data-testid="run-target"]', target);
    if (how === "keys") {
      await page.click('[data-testid="code-editor"] .monaco-editor .view-lines');
      await page.keyboard.press("Control+Enter");
    } else {
      await page.click('[data-testid="run-button"]');
    }
    await page.waitForFunction(() => document.querySelector('[data-testid="run-status"]')?.textContent === "running", null, { timeout: 10_000 }).catch(() => undefined);
    await page.waitForFunction(() => ["done", "error"].includes(document.querySelector('[data-testid="run-status"]')?.textContent ?? ""), null, { timeout: 400_000 });
    const text = async (id: string) => (await page.locator(`[data-testid="${id}"]`).count()) ? await page.textContent(`[data-testid="${id}"]`) : null;
    const json = async (id: string) => {
      if (!(await page.locator(`[data-testid="${id}"]`).count())) return null;
      return JSON.parse((await page.getAttribute(`[data-testid="${id}"]`, "data-json")) || "null");
    };
    return {
      runStatus: await text("run-status"),
      status: await text("reply-status"),
      body: await json("reply-json"),
      analysis: (await json("analysis")) as { rect: Box; descriptor: number[] }[][] | null,
      backend: await text("backend-used"),
      compileErrors: await text("compile-errors"),
      error: await text("error"),
    };
  }

  it("runs the emotions template on a drawn box in the browser (WASM, WebGPU) and on the server, which agree", async () => {
    await page.setInputFiles('[data-testid="image-input"]', photoPath("grace_hopper_512x512.jpg"));
    const stage = await page.locator('[data-testid="image-stage"] svg').boundingBox();
    const scale = stage!.width / 512;
    const at = (x: number, y: number) => [stage!.x + x * scale, stage!.y + y * scale] as const;
    await page.mouse.move(...at(170, 110));
    await page.mouse.down();
    await page.mouse.move(...at(260, 200), { steps: 5 });
    await page.mouse.move(...at(360, 320), { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => page.locator('[data-testid="face-box"][data-source="user"]').count()).toBe(1);
    await page.selectOption('[data-testid="template-select"]', "02-emotions");

    const results: Record<string, Awaited<ReturnType<typeof run>>> = {};
    for (const target of ["server", "browser-wasm", "browser-webgpu"]) {
      const result = await run(target, target === "browser-wasm" ? "keys" : "click");
      expect(result.runStatus, `${target}: ${result.error} ${JSON.stringify(result.body)}`).toBe("done");
      expect(result.status).toBe("201");
      const face = result.body.result[0].estimations.images_estimations[0].estimations[0].face;
      expect(face.detection.attributes.emotions.predominant_emotion).toBe("happiness");
      // The face is inside the drawn box, near the middle of the portrait.
      const rect = face.detection.rect as Box;
      expect(rect.x).toBeGreaterThanOrEqual(160);
      expect(rect.x + rect.width).toBeLessThanOrEqual(370);
      results[target] = result;
      await page.screenshot({ path: resolve(screenshots, `playground-${target}.png`) });
    }
    expect(results.server!.backend).toBe("onnxruntime-node");
    expect(results["browser-wasm"]!.backend).toBe("wasm");
    expect(results["browser-webgpu"]!.backend).toBe("webgpu");

    // The overlay pass: one face, same box, same descriptor on every target.
    const reference = results.server!.analysis![0]![0]!;
    const referenceVector = descriptorToVector(decodeSdkDescriptor(new Uint8Array(reference.descriptor)));
    for (const target of ["browser-wasm", "browser-webgpu"]) {
      const faces = results[target]!.analysis![0]!;
      expect(faces).toHaveLength(1);
      expect(iou(faces[0]!.rect, reference.rect), target).toBeGreaterThanOrEqual(0.98);
      const vector = descriptorToVector(decodeSdkDescriptor(new Uint8Array(faces[0]!.descriptor)));
      expect(cosine(vector, referenceVector), target).toBeGreaterThanOrEqual(0.999);
      const serverRect = results.server!.body.result[0].estimations.images_estimations[0].estimations[0].face.detection.rect;
      expect(iou(results[target]!.body.result[0].estimations.images_estimations[0].estimations[0].face.detection.rect, serverRect)).toBeGreaterThanOrEqual(0.98);
    }
    // Overlays are drawn: the detection, 68 landmarks, head-pose axes, the warp thumbnail, the timing bar.
    expect(await page.locator('[data-testid="detection-overlay"]').count()).toBe(1);
    expect(await page.locator(".landmark").count()).toBe(68);
    expect(await page.locator(".axis").count()).toBe(3);
    expect(await page.locator('[data-testid="warp-thumb"]').count()).toBe(1);
    expect(Number(await page.getAttribute('[data-testid="timing-bar"]', "data-total-ms"))).toBeGreaterThan(0);
  }, 900_000);

  it("shows a compile error with its line, a thrown error as 500/42004, and stops a runaway browser lambda", async () => {
    await setCode("// a broken lambda\nexport const main = (;\n");
    for (const target of ["browser-wasm", "server"]) {
      const broken = await run(target);
      expect(broken.runStatus).toBe("error");
      expect(broken.error, target).toBeNull();
      expect(broken.compileErrors, target).toMatch(/^lambda_main\.ts:2:\d+: /);
    }

    // One-line bodies: Monaco auto-closes a brace followed by a typed newline.
    await setCode('export async function main() { throw new Error("boom"); }\n');
    for (const target of ["browser-wasm", "server"]) {
      const thrown = await run(target);
      expect(thrown.status, `${target}: ${JSON.stringify(thrown)}`).toBe("500");
      expect(thrown.body, target).toMatchObject({ error_code: 42004, desc: "Lambda exception", detail: "boom" });
    }

    await page.selectOption('[data-testid="run-target"]', "browser-wasm");
    await page.fill('[data-testid="timeout-input"]', "2");
    await setCode("export async function main() { while (true) {} }\n");
    const runaway = await run("browser-wasm");
    expect(runaway.status).toBe("500");
    expect(runaway.body.detail).toMatch(/did not answer within 2 s/);
    // The next run gets a fresh worker.
    await setCode('import { logger } from "luna-lambda-tools";\nexport async function main() { logger.info("hello from the worker"); return { ok: true }; }\n');
    const after = await run("browser-wasm");
    expect(after.status).toBe("201");
    expect(after.body).toEqual({ ok: true });
    expect(await page.textContent('[data-testid="log-view"]')).toContain("hello from the worker");
  }, 300_000);

  it("keeps a browser lambda to the page's services and account: no other sites, no lambda API, no sockets or workers", async () => {
    const other = crypto.randomUUID();
    const created = await fetch(`${server.url}/luna-faces/3/faces`, { method: "POST", headers: { "Luna-Account-Id": other, "content-type": "application/json" }, body: JSON.stringify({ external_id: "not-the-page's" }) });
    const faceId = ((await created.json()) as { face_id: string }).face_id;
    const port = new URL(server.url).port;
    await setCode(
      `const attempt = async (f: () => Promise<unknown>) => { try { return await f(); } catch (e) { return "refused: " + String(e); } }; ` +
        `export async function main() { return { ` +
        `otherSite: await attempt(() => fetch("http://127.0.0.2:${port}/healthcheck").then((r) => r.status)), ` +
        `lambdaApi: await attempt(() => fetch("/luna-lambda/1/lambdas", { method: "POST", body: "{}" }).then((r) => r.status)), ` +
        `forged: await attempt(() => fetch("/luna-faces/3/faces/${faceId}", { headers: { "Luna-Account-Id": "${other}" } }).then((r) => r.status)), ` +
        `sockets: [typeof WebSocket, typeof EventSource, typeof Worker].join(",") }; }\n`,
    );
    const result = await run("browser-wasm");
    expect(result.status, JSON.stringify(result.body)).toBe("201");
    expect(result.body.otherSite).toMatch(/^refused: .*not reachable from a lambda/);
    expect(result.body.lambdaApi).toMatch(/^refused: .*not reachable from a lambda/);
    // The page's own account is stamped on: the other account's face is not found.
    expect(result.body.forged).toBe(404);
    expect(result.body.sockets).toBe("undefined,undefined,undefined");
  }, 300_000);

  it("moves, resizes and deletes boxes; keeps image order; survives a reload; saves and opens a project file", async () => {
    const boxes = page.locator('[data-testid="face-box"][data-source="user"]');
    const read = async () => Object.fromEntries(await Promise.all(["x", "y", "width", "height"].map(async (k) => [k, Number(await boxes.first().getAttribute(`data-${k}`))]))) as Box;
    const before = await read();
    // Messages above the workspace come and go: measure the stage right before each gesture.
    let stage = await page.locator('[data-testid="image-stage"] svg').boundingBox();
    const at = (x: number, y: number) => [stage!.x + (x * stage!.width) / 512, stage!.y + (y * stage!.height) / 512] as const;
    // Move by (+20, +10) image pixels.
    await page.mouse.move(...at(before.x + 40, before.y + 40));
    await page.mouse.down();
    await page.mouse.move(...at(before.x + 60, before.y + 50), { steps: 5 });
    await page.mouse.up();
    await expect.poll(read).toMatchObject({ x: before.x + 20, y: before.y + 10, width: before.width, height: before.height });
    // Resize by the south-east handle.
    const moved = await read();
    stage = await page.locator('[data-testid="image-stage"] svg').boundingBox();
    const handle = await page.locator('[data-testid="box-handle"][data-corner="se"]').boundingBox();
    await page.mouse.move(handle!.x + handle!.width / 2, handle!.y + handle!.height / 2);
    await page.mouse.down();
    await page.mouse.move(...at(moved.x + moved.width - 30, moved.y + moved.height - 20), { steps: 5 });
    await page.mouse.up();
    const resized = await read();
    const context = JSON.stringify({ moved, resized, handle, stage });
    expect(Math.abs(resized.width - (moved.width - 30)), context).toBeLessThanOrEqual(2);
    expect(Math.abs(resized.height - (moved.height - 20))).toBeLessThanOrEqual(2);
    expect(resized).toMatchObject({ x: moved.x, y: moved.y });

    // The boxes reach the lambda in image pixels; a second image from the gallery goes first after reordering.
    await page.click('[data-testid="sample-astronaut.png"]');
    await expect.poll(() => page.locator('[data-testid="image-item"]').count()).toBe(2);
    await page.locator('[data-testid="image-item"]').nth(1).getByLabel("move image up").click();
    await setCode(
      'import { HandlersLambdaRequest } from "luna-lambda-tools";\n' +
        "export async function main(request: HandlersLambdaRequest) { return request.data.sources.map((s) => ({ filename: s.filename, boxes: s.source.faceDetectionData.map((d) => d.boundingBox) })); }\n",
    );
    const order = await run("server");
    expect(order.body).toEqual([
      { filename: "astronaut.png", boxes: [] },
      { filename: "grace_hopper_512x512.jpg", boxes: [resized] },
    ]);

    // Reload: images, boxes, code and target come back from IndexedDB.
    await page.waitForTimeout(600);
    await page.reload();
    await page.waitForSelector('[data-testid="code-editor"] .monaco-editor');
    await expect.poll(() => page.locator('[data-testid="image-item"]').count()).toBe(2);
    expect(await page.inputValue('[data-testid="run-target"]')).toBe("server");
    await page.locator('[data-testid="image-item"]').nth(1).locator("button.thumb").click();
    await expect.poll(read).toEqual(resized);

    // Save as a file, remove an image, open the file again.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="save-project"]')]);
    const saved = await download.path();
    const file = JSON.parse(readFileSync(saved!, "utf8"));
    expect(file.format).toBe("luna-lambda-playground-project");
    await page.locator('[data-testid="remove-image"]').first().click();
    await expect.poll(() => page.locator('[data-testid="image-item"]').count()).toBe(1);
    await page.setInputFiles('[data-testid="open-project-input"]', saved!);
    await expect.poll(() => page.locator('[data-testid="image-item"]').count()).toBe(2);
    // A file that is not a project says so and changes nothing.
    await page.setInputFiles('[data-testid="open-project-input"]', { name: "bad.json", mimeType: "application/json", buffer: Buffer.from('{"format":"x"}') });
    await expect.poll(() => page.textContent('[data-testid="error"]')).toMatch(/not a playground project file/);
    expect(await page.locator('[data-testid="image-item"]').count()).toBe(2);

    // Export: the download is the runnable project zip with the last run saved; opening it restores the lambda.
    const rerun = await run("server");
    expect(rerun.body).toEqual(order.body);
    const [exported] = await Promise.all([page.waitForEvent("download"), page.click('[data-testid="export-button"]')]);
    expect(exported.suggestedFilename()).toMatch(/\.zip$/);
    const zipPath = await exported.path();
    const entries = unzipSync(new Uint8Array(readFileSync(zipPath!)));
    const top = Object.keys(entries)[0]!.split("/")[0];
    const names = Object.keys(entries).map((n) => n.slice(top!.length + 1));
    expect(names).toEqual(
      expect.arrayContaining(["lambda_main.ts", "lambda.json", "package.json", "tsconfig.json", "README.md", "Dockerfile", "k8s/deployment.yaml", "k8s/service.yaml", "k8s/configmap.yaml", "vendor/luna-lambda-runtime.mjs", "vendor/luna-lambda-runtime.d.ts", "requests/playground.msgpack", "requests/playground/astronaut.png"]),
    );
    expect(strFromU8(entries[`${top}/lambda_main.ts`]!)).toContain("request.data.sources.map");
    expect(JSON.parse(strFromU8(entries[`${top}/requests/playground.reply.json`]!))).toEqual({ status: 201, body: order.body });
    await setCode("export async function main() { return {}; }\n");
    await page.setInputFiles('[data-testid="open-project-input"]', { name: "exported.zip", mimeType: "application/zip", buffer: readFileSync(zipPath!) });
    await expect.poll(() => page.textContent('[data-testid="code-editor"] .view-lines')).toMatch(/request\.data\.sources\.map/);
    expect(await page.locator('[data-testid="image-item"]').count()).toBe(2);

    // Delete the selected box with the Delete key.
    await page.locator('[data-testid="image-item"]').nth(1).locator("button.thumb").click();
    await boxes.first().click();
    await page.keyboard.press("Delete");
    await expect.poll(() => boxes.count()).toBe(0);
    await page.screenshot({ path: resolve(screenshots, "playground-end.png"), fullPage: true });
  }, 300_000);

  it("adds the user's mask classifier in the models panel; both targets then draw mask results", async () => {
    const dir = mkdtempSync(join(tmpdir(), "playground-mask-"));
    const onnx = join(dir, "mask.onnx");
    writeFileSync(onnx, meanColourClassifier([32, 32], [[8, -4, -4], [-4, 8, -4], [-4, -4, 8]], [0.5, 0, -0.5]));
    await page.click(".user-model summary");
    await page.setInputFiles('[data-testid="mask-model-file"]', onnx);
    // A manifest that is not JSON is refused before anything is sent.
    await page.fill('[data-testid="mask-model-manifest"]', "{not json");
    await page.click('[data-testid="mask-model-add"]');
    await expect.poll(() => page.textContent('[data-testid="mask-model-error"]')).toMatch(/JSON/);
    await page.fill('[data-testid="mask-model-manifest"]', JSON.stringify({ kind: "mask", inputSize: [32, 32], crop: "warp", labels: ["missing", "medical_mask", "occluded"] }));
    await page.click('[data-testid="mask-model-add"]');
    await expect.poll(() => page.locator(".user-model summary").textContent()).toMatch(/mask\.onnx/);
    for (const target of ["browser-wasm", "server"]) {
      await page.selectOption('[data-testid="run-target"]', target);
      const analysis = page.locator('[data-testid="analysis"]');
      const seq = (await analysis.count()) ? Number(await analysis.getAttribute("data-seq")) : 0;
      await page.click('[data-testid="detect-button"]');
      await page.waitForFunction((before) => Number(document.querySelector('[data-testid="analysis"]')?.getAttribute("data-seq") ?? 0) > before, seq, { timeout: 120_000 });
      expect(await page.locator(".overlays text").allTextContents(), target).toContainEqual(expect.stringMatching(/^mask: (missing|medical_mask|occluded)$/));
    }
    await page.click('[data-testid="mask-model-remove"]');
    await expect.poll(() => page.locator(".user-model summary").textContent()).toMatch(/none/);
    rmSync(dir, { recursive: true, force: true });
  }, 300_000);

  it("runs the seed's Python examples verbatim in the browser (Pyodide) and on the server with the same replies; Python errors, exceptions and loops", async () => {
    await page.selectOption('[data-testid="run-target"]', "browser-wasm");
    await page.fill('[data-testid="timeout-input"]', "90");
    await page.selectOption('[data-testid="template-select"]', "02-emotions");
    const typescript = await run("server");
    expect(typescript.status).toBe("201");
    const emotionsOf = (body: any) =>
      body.result.map((r: any) => [r.image_filename, r.estimations.images_estimations[0].estimations.map((e: any) => e.face.detection.attributes.emotions.predominant_emotion)]);

    const replies: Record<string, Record<string, { status: string | null; body: any }>> = {};
    for (const template of ["py-01-get-face", "py-01b-get-face-no-raise", "py-02-emotions", "py-03-similarity", "py-04-canonical-handler"]) {
      await page.selectOption('[data-testid="template-select"]', template);
      expect(await page.textContent('[data-testid="lambda-file"]')).toBe("lambda_main.py");
      replies[template] = {};
      for (const target of ["browser-wasm", "server"]) {
        const result = await run(target);
        expect(result.compileErrors, `${template} on ${target}`).toBeNull();
        replies[template]![target] = { status: result.status, body: result.body };
      }
    }
    for (const target of ["browser-wasm", "server"]) {
      const r = (t: string) => replies[t]![target]!;
      expect([r("py-01-get-face").status, r("py-01-get-face").body.error_code], target).toEqual(["500", 42004]);
      expect(r("py-01-get-face").body.detail, target).toMatch(/^Not expected code from service: 404 GET .*\/faces\/[0-9a-f-]{36}, error: /);
      expect([r("py-01b-get-face-no-raise").status, r("py-01b-get-face-no-raise").body.error_code], target).toEqual(["201", 22002]);
      expect(r("py-02-emotions").status, target).toBe("201");
      expect(emotionsOf(r("py-02-emotions").body), target).toEqual(emotionsOf(typescript.body));
      expect(r("py-03-similarity").status, target).toBe("201");
      expect(r("py-03-similarity").body.similarity, target).toBeLessThan(0.5);
      expect(r("py-04-canonical-handler").status, `${target}: ${JSON.stringify(r("py-04-canonical-handler").body)}`).toBe("201");
      expect(r("py-04-canonical-handler").body.events).toHaveLength(2);
    }
    // The browser and the server computed the same similarity (same models, same descriptors).
    expect(Math.abs(replies["py-03-similarity"]!["browser-wasm"]!.body.similarity - replies["py-03-similarity"]!.server!.body.similarity)).toBeLessThan(0.01);

    // Completions and hovers for the Python API.
    await page.selectOption('[data-testid="template-select"]', "py-blank");
    await page.click('[data-testid="code-editor"] .monaco-editor .view-lines');
    await page.keyboard.press("Control+End");
    await page.keyboard.press("Enter");
    await page.keyboard.type("request.clients.", { delay: 30 });
    await expect.poll(() => page.locator(".suggest-widget .monaco-list-row").allTextContents(), { timeout: 10_000 }).toContainEqual(expect.stringContaining("faces"));
    await page.keyboard.type("faces.", { delay: 30 });
    await expect.poll(() => page.locator(".suggest-widget .monaco-list-row").allTextContents(), { timeout: 10_000 }).toContainEqual(expect.stringContaining("getFace"));
    await page.keyboard.press("Escape");

    // Custom Python code arrives through a project file (Monaco would re-indent typed Python).
    const grace = readFileSync(photoPath("grace_hopper_512x512.jpg")).toString("base64");
    const openPython = async (code: string, boxes: Box[] = [], maskModel: { filename: string; base64: string; manifest: string } | null = null) => {
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
        images: [{ id: "g", filename: "grace.jpg", mimetype: "image/jpeg", base64: grace, boxes: boxes.map((b, i) => ({ id: `b${i}`, ...b, source: "user" })) }],
      };
      await page.setInputFiles('[data-testid="open-project-input"]', { name: "python.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(project)) });
      await expect.poll(() => page.textContent('[data-testid="lambda-file"]')).toBe("lambda_main.py");
    };
    await openPython("async def main(request):\n    return {\n");
    for (const target of ["browser-wasm", "server"]) {
      const broken = await run(target);
      expect(broken.runStatus).toBe("error");
      expect(broken.compileErrors, target).toMatch(/^lambda_main\.py:2:\d+: SyntaxError: '\{' was never closed/);
    }
    await openPython('from luna_lambda_tools import UserException\n\n\nclass Teapot(UserException):\n    statusCode = 418\n    errorText = "short and stout"\n\n\nasync def main(request):\n    raise Teapot\n');
    for (const target of ["browser-wasm", "server"]) {
      const teapot = await run(target);
      expect([teapot.status, teapot.body], target).toEqual(["418", expect.objectContaining({ error_code: 42004, detail: "short and stout" })]);
    }
    await openPython("async def main(request):\n    while True:\n        pass\n");
    await page.selectOption('[data-testid="run-target"]', "browser-wasm");
    await page.fill('[data-testid="timeout-input"]', "5");
    const looping = await run("browser-wasm");
    expect(looping.status).toBe("500");
    expect(looping.body.detail).toMatch(/did not answer within 5 s/);
    await page.fill('[data-testid="timeout-input"]', "90");
    await openPython('from luna_lambda_tools import logger\n\n\nasync def main(request):\n    logger.info("hello from Python")\n    return {"images": len(request.data.sources)}\n');
    const after = await run("browser-wasm");
    expect([after.status, after.body]).toEqual(["201", { images: 1 }]);
    expect(await page.textContent('[data-testid="log-view"]')).toMatch(/Pyodide\) loaded in \d+ ms[\s\S]*hello from Python/);
    await page.screenshot({ path: resolve(screenshots, "playground-python.png"), fullPage: true });

    // Seed example 5 verbatim (lunavl): Chromium's Pyodide can wait for the engine inside the synchronous
    // detect and warp (JavaScript Promise Integration), so it runs as far as the models allow.
    const example5 = readFileSync(resolve(import.meta.dirname, "../../shared/lambda/examples/python/05-mask-in-area.py"), "utf8");
    const graceFace = [{ x: 150, y: 90, width: 230, height: 250 }];
    await openPython(example5, graceFace);
    const withoutModel = await run("browser-wasm");
    expect([withoutModel.status, withoutModel.body.error_code]).toEqual(["501", 95020]);
    const classifier = meanColourClassifier([112, 112], [[6, -3, -3], [-3, 6, -3], [-3, -3, 6]], [0, 0, 0]);
    const manifest = JSON.stringify({ kind: "mask", inputSize: [112, 112], crop: "warp", labels: ["missing", "medical_mask", "occluded"] });
    await openPython(example5, graceFace, { filename: "mask.onnx", base64: Buffer.from(classifier).toString("base64"), manifest });
    const withModel = await run("browser-wasm");
    expect(withModel.status, JSON.stringify(withModel.body)).toBe("201");
    expect(["missing", "medical_mask", "occluded"]).toContain(withModel.body.results.predominant_mask);
  }, 600_000);
});
