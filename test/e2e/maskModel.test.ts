/** The user's own mask classifier, added in the models panel, used by the overlay pass on both targets. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { chromiumAvailable } from "../support/browser.ts";
import { meanColourClassifier } from "../support/onnxBuilder.ts";
import { playgroundSuite } from "../support/playgroundSuite.ts";

describe.runIf(chromiumAvailable())("mask model", () => {
  const playground = playgroundSuite();

  it("adds the user's mask classifier in the models panel; both targets then draw mask results", async () => {
    const dir = mkdtempSync(join(tmpdir(), "playground-mask-"));
    try {
      const onnx = join(dir, "mask.onnx");
      writeFileSync(
        onnx,
        meanColourClassifier(
          [32, 32],
          [
            [8, -4, -4],
            [-4, 8, -4],
            [-4, -4, 8],
          ],
          [0.5, 0, -0.5],
        ),
      );
      const page = await playground.open();
      await page.addPhoto("grace_hopper_512x512.jpg");
      await page.page.click('[data-testid="models-tab"]');
      await page.page.setInputFiles('[data-testid="mask-model-file"]', onnx);
      // A manifest that is not JSON is refused before anything is sent.
      await page.page.fill('[data-testid="mask-model-manifest"]', "{not json");
      await page.page.click('[data-testid="mask-model-add"]');
      await expect.poll(() => page.page.textContent('[data-testid="mask-model-error"]')).toMatch(/JSON/);
      await page.page.fill(
        '[data-testid="mask-model-manifest"]',
        JSON.stringify({
          kind: "mask",
          inputSize: [32, 32],
          crop: "warp",
          labels: ["missing", "medical_mask", "occluded"],
        }),
      );
      await page.page.click('[data-testid="mask-model-add"]');
      await expect.poll(() => page.page.locator(".user-model h3").textContent()).toMatch(/mask\.onnx/);
      for (const target of ["browser-wasm", "server"] as const) {
        await page.selectTarget(target);
        await page.detect();
        expect(await page.page.locator(".overlays text").allTextContents(), target).toContainEqual(
          expect.stringMatching(/^mask: (missing|medical_mask|occluded)$/),
        );
      }
      await page.page.click('[data-testid="mask-model-remove"]');
      await expect.poll(() => page.page.locator(".user-model h3").textContent()).toMatch(/none/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
