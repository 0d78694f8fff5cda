/**
 * The three run targets in Debian chromium (WebGPU through SwiftShader) against the real server:
 * a photo, a box drawn with the mouse, the emotions template run in the browser (WASM, WebGPU) and
 * on the server — the same face, box and descriptor everywhere, and the overlays drawn.
 */
import { describe, expect, it } from "vitest";
import { iou } from "../../shared/inference/geometry.ts";
import { compareReplies } from "../../shared/lambda/replyComparison.ts";
import { cosine, decodeSdkDescriptor, descriptorToVector } from "../../shared/luna/descriptor.ts";
import { chromiumAvailable } from "../support/browser.ts";
import type { Box, RunResult, RunTarget } from "../support/playgroundPage.ts";
import { playgroundSuite } from "../support/playgroundSuite.ts";

describe.runIf(chromiumAvailable())("run targets", () => {
  const playground = playgroundSuite({ webgpu: true });

  it("runs the emotions template on a drawn box in the browser (WASM, WebGPU) and on the server, which agree", async () => {
    const page = await playground.open();
    await page.addPhoto("grace_hopper_512x512.jpg");
    await page.drag([170, 110], [360, 320], 512, [260, 200]);
    await expect.poll(() => page.userBoxes().count()).toBe(1);
    await page.selectTemplate("02-emotions");

    const results: Partial<Record<RunTarget, RunResult>> = {};
    for (const target of ["server", "browser-wasm", "browser-webgpu"] as const) {
      const result = await page.run(target, target === "browser-wasm" ? "keys" : "click");
      expect(result.runStatus, `${target}: ${result.error} ${JSON.stringify(result.body)}`).toBe("done");
      expect(result.status).toBe("201");
      const face = result.body.result[0].estimations.images_estimations[0].estimations[0].face;
      expect(face.detection.attributes.emotions.predominant_emotion).toBe("happiness");
      // The face is inside the drawn box, near the middle of the portrait.
      const rect = face.detection.rect as Box;
      expect(rect.x).toBeGreaterThanOrEqual(160);
      expect(rect.x + rect.width).toBeLessThanOrEqual(370);
      results[target] = result;
      await page.screenshot(`playground-${target}.png`);
    }
    expect(results.server!.backend).toBe("onnxruntime-node");
    expect(results["browser-wasm"]!.backend).toBe("wasm");
    expect(results["browser-webgpu"]!.backend).toBe("webgpu");

    // The overlay pass: one face, same box, same descriptor on every target.
    const reference = results.server!.analysis![0]![0]!;
    const referenceVector = descriptorToVector(decodeSdkDescriptor(new Uint8Array(reference.descriptor)));
    const serverRect =
      results.server!.body.result[0].estimations.images_estimations[0].estimations[0].face.detection.rect;
    for (const target of ["browser-wasm", "browser-webgpu"] as const) {
      const faces = results[target]!.analysis![0]!;
      expect(faces).toHaveLength(1);
      expect(iou(faces[0]!.rect, reference.rect), target).toBeGreaterThanOrEqual(0.98);
      const vector = descriptorToVector(decodeSdkDescriptor(new Uint8Array(faces[0]!.descriptor)));
      expect(cosine(vector, referenceVector), target).toBeGreaterThanOrEqual(0.999);
      expect(
        iou(
          results[target]!.body.result[0].estimations.images_estimations[0].estimations[0].face.detection.rect,
          serverRect,
        ),
      ).toBeGreaterThanOrEqual(0.98);
    }
    // Overlays are drawn: the detection, 68 landmarks, head-pose axes, the warp thumbnail, the timing bar.
    expect(await page.page.locator('[data-testid="detection-overlay"]').count()).toBe(1);
    expect(await page.page.locator(".landmark").count()).toBe(68);
    expect(await page.page.locator(".axis").count()).toBe(3);
    expect(await page.page.locator('[data-testid="warp-thumb"]').count()).toBe(1);
    expect(Number(await page.page.getAttribute('[data-testid="timing-bar"]', "data-total-ms"))).toBeGreaterThan(0);
  }, 900_000);
  it("runs the emotion model at 192 px on Browser · WASM only when asked, with the same predominant emotion", async () => {
    const page = await playground.open();
    await page.addSample("grace_hopper_512x512.jpg");
    await page.selectTemplate("02-emotions");
    const emotionsOf = (result: RunResult) =>
      result.body.result[0].estimations.images_estimations[0].estimations[0].face.detection.attributes.emotions;
    const first = await page.run("server");
    expect(first.status, JSON.stringify(first)).toBe("201");
    const server = emotionsOf(first);
    const before = emotionsOf(await page.run("browser-wasm"));
    // By default the browser runs the server's 224 px: the same scores up to the last digits.
    expect(compareReplies({ status: 200, body: before }, { status: 200, body: server })).toEqual([]);

    await page.openTab("models");
    const fast = page.page.locator('[data-testid="fast-wasm-emotions"]');
    expect(await fast.isChecked()).toBe(false);
    await fast.check();
    const size = page.page.locator('[data-testid="model-row"][data-model="emotions"] [data-testid="model-input-size"]');
    await expect.poll(() => size.textContent()).toBe(" at 192×192");
    await page.openTab("result");
    const fasterRun = await page.run("browser-wasm");
    expect(fasterRun.status, JSON.stringify(fasterRun)).toBe("201");
    const faster = emotionsOf(fasterRun);
    expect(faster.predominant_emotion).toBe(server.predominant_emotion);
    expect(compareReplies({ status: 200, body: faster }, { status: 200, body: server }).length).toBeGreaterThan(0);

    // Kept in this browser: a new page of the same profile starts with it on; off again gives 224 back.
    await page.page.reload();
    await page.editorReady();
    await page.openTab("models");
    expect(await fast.isChecked()).toBe(true);
    await fast.uncheck();
    await expect.poll(() => size.count()).toBe(0);
    await page.openTab("result");
    const again = emotionsOf(await page.run("browser-wasm"));
    expect(compareReplies({ status: 200, body: again }, { status: 200, body: server })).toEqual([]);
  }, 300_000);
});
