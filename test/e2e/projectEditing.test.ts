/**
 * The user's project in the playground: editing face boxes with the mouse and keyboard, image
 * order, surviving a reload, saving and opening project files, exporting the runnable project.
 */
import { readFileSync } from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { chromiumAvailable } from "../support/browser.ts";
import type { PlaygroundPage } from "../support/playgroundPage.ts";
import { playgroundSuite } from "../support/playgroundSuite.ts";

const LIST_SOURCES =
  'import { HandlersLambdaRequest } from "luna-lambda-tools";\n' +
  "export async function main(request: HandlersLambdaRequest) { return request.data.sources.map((s) => ({ filename: s.filename, boxes: s.source.faceDetectionData.map((d) => d.boundingBox) })); }\n";

/** Grace Hopper's portrait with one box drawn around her face. */
async function portraitWithBox(page: PlaygroundPage): Promise<void> {
  await page.addPhoto("grace_hopper_512x512.jpg");
  await page.drag([170, 110], [360, 320], 512, [260, 200]);
  await expect.poll(() => page.userBoxes().count()).toBe(1);
}

describe.runIf(chromiumAvailable())("project editing", () => {
  const playground = playgroundSuite();

  it("moves, resizes and deletes boxes; keeps image order; survives a reload", async () => {
    const page = await playground.open();
    await portraitWithBox(page);
    const before = await page.firstUserBox();
    // Move by (+20, +10) image pixels.
    await page.drag([before.x + 40, before.y + 40], [before.x + 60, before.y + 50], 512);
    await expect
      .poll(() => page.firstUserBox())
      .toMatchObject({ x: before.x + 20, y: before.y + 10, width: before.width, height: before.height });
    // Resize by the south-east handle.
    const moved = await page.firstUserBox();
    const handle = (await page.page.locator('[data-testid="box-handle"][data-corner="se"]').boundingBox())!;
    await page.page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
    await page.page.mouse.down();
    await page.page.mouse.move(
      ...(await page.stagePoint(moved.x + moved.width - 30, moved.y + moved.height - 20, 512)),
      { steps: 5 },
    );
    await page.page.mouse.up();
    const resized = await page.firstUserBox();
    expect(
      Math.abs(resized.width - (moved.width - 30)),
      JSON.stringify({ moved, resized, handle }),
    ).toBeLessThanOrEqual(2);
    expect(Math.abs(resized.height - (moved.height - 20))).toBeLessThanOrEqual(2);
    expect(resized).toMatchObject({ x: moved.x, y: moved.y });

    // The boxes reach the lambda in image pixels; a second image from the gallery goes first after reordering.
    await page.addSample("astronaut.png");
    await page.page.locator('[data-testid="image-item"]').nth(1).getByLabel("move image up").click();
    await page.setCode(LIST_SOURCES);
    const order = await page.run("server");
    expect(order.body).toEqual([
      { filename: "astronaut.png", boxes: [] },
      { filename: "grace_hopper_512x512.jpg", boxes: [resized] },
    ]);

    // Reload: images, boxes, code and target come back from IndexedDB.
    await page.reload();
    await expect.poll(() => page.imageCount()).toBe(2);
    expect(await page.page.inputValue('[data-testid="run-target"]')).toBe("server");
    expect(await page.editorText()).toMatch(/request\.data\.sources\.map/);
    await page.page.locator('[data-testid="image-item"]').nth(1).locator("button.thumb").click();
    await expect.poll(() => page.firstUserBox()).toEqual(resized);

    // Delete the selected box with the Delete key.
    await page.userBoxes().first().click();
    await page.page.keyboard.press("Delete");
    await expect.poll(() => page.userBoxes().count()).toBe(0);
  }, 300_000);

  it("saves and opens a project file, refuses a file that is not one, exports the runnable project and opens it again", async () => {
    const page = await playground.open();
    await portraitWithBox(page);
    await page.addSample("astronaut.png");
    await page.setCode(LIST_SOURCES);

    // Save as a file, remove an image, open the file again.
    const [download] = await Promise.all([
      page.page.waitForEvent("download"),
      page.page.click('[data-testid="save-project"]'),
    ]);
    const saved = (await download.path())!;
    const file = JSON.parse(readFileSync(saved, "utf8"));
    expect(file.format).toBe("luna-lambda-playground-project");
    await page.page.locator('[data-testid="remove-image"]').first().click();
    await expect.poll(() => page.imageCount()).toBe(1);
    await page.openProject(saved);
    expect(await page.imageCount()).toBe(2);
    // A file that is not a project says so and changes nothing.
    await page.page.setInputFiles('[data-testid="open-project-input"]', {
      name: "bad.json",
      mimeType: "application/json",
      buffer: Buffer.from('{"format":"x"}'),
    });
    await expect.poll(() => page.page.textContent('[data-testid="error"]')).toMatch(/not a playground project file/);
    expect(await page.imageCount()).toBe(2);

    // Export: the download is the runnable project zip with the last run saved; opening it restores the lambda.
    const ran = await page.run("server");
    expect(ran.status).toBe("201");
    const [exported] = await Promise.all([
      page.page.waitForEvent("download"),
      page.page.click('[data-testid="export-button"]'),
    ]);
    expect(exported.suggestedFilename()).toMatch(/\.zip$/);
    const zipPath = (await exported.path())!;
    const entries = unzipSync(new Uint8Array(readFileSync(zipPath)));
    const top = Object.keys(entries)[0]!.split("/")[0]!;
    const names = Object.keys(entries).map((n) => n.slice(top.length + 1));
    expect(names).toEqual(
      expect.arrayContaining([
        "lambda_main.ts",
        "lambda.json",
        "package.json",
        "tsconfig.json",
        "README.md",
        "Dockerfile",
        "k8s/deployment.yaml",
        "k8s/service.yaml",
        "k8s/configmap.yaml",
        "vendor/luna-lambda-runtime.mjs",
        "vendor/luna-lambda-runtime.d.ts",
        "requests/playground.msgpack",
        "requests/playground/astronaut.png",
      ]),
    );
    expect(strFromU8(entries[`${top}/lambda_main.ts`]!)).toContain("request.data.sources.map");
    expect(JSON.parse(strFromU8(entries[`${top}/requests/playground.reply.json`]!))).toEqual({
      status: 201,
      body: ran.body,
    });
    await page.setCode("export async function main() { return {}; }\n");
    await page.openProject({ name: "exported.zip", mimeType: "application/zip", buffer: readFileSync(zipPath) });
    await expect.poll(() => page.editorText()).toMatch(/request\.data\.sources\.map/);
    expect(await page.imageCount()).toBe(2);
    // A new project: no stale template name, run badge, reply or logs of the previous one.
    expect(
      await page.page.$eval(
        '[data-testid="template-select"]',
        (s) => (s as HTMLSelectElement).selectedOptions[0]!.text,
      ),
    ).toMatch(/none/);
    expect(await page.page.textContent('[data-testid="run-status"]')).toBe("idle");
    expect(await page.page.locator('[data-testid="reply-status"]').count()).toBe(0);
    expect(await page.page.textContent('[data-testid="log-view"]')).toMatch(/no log lines/);
    await page.screenshot("playground-end.png", true);
  }, 300_000);
});
