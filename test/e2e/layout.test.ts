/**
 * The layout holds at the four sizes the issue names: the editor, Run and the reply are all on
 * screen at once, nothing overlaps, the editor fills the height; and a normal session (sample,
 * run, detect, tabs, help, settings) leaves no console error. Checked by bounding boxes.
 */
import { describe, expect, it } from "vitest";
import { playgroundSuite } from "../support/playgroundSuite.ts";

const playground = playgroundSuite();

type Rect = { x: number; y: number; width: number; height: number };
const inside = (r: Rect, w: number, h: number) =>
  r.x >= 0 && r.y >= 0 && r.x + r.width <= w + 0.5 && r.y + r.height <= h + 0.5;
const overlap = (a: Rect, b: Rect) =>
  a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;

describe("layout", () => {
  it("keeps editor, Run and the reply on screen together, without overlaps, at 1024, 1280, 1440 and 1920 px", async () => {
    const page = await playground.open();
    const errors: string[] = [];
    page.page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.addSample("grace_hopper_512x512.jpg");
    // A normal session: both kinds of run, Detect, every tab, the dialogs.
    expect((await page.run("browser-wasm")).status).toBe("201");
    await page.detect();
    for (const tab of ["request", "tests", "data", "images", "history", "models", "result"] as const)
      await page.openTab(tab);
    await page.page.click('[data-testid="settings-button"]');
    await page.page.keyboard.press("Escape");
    await page.page.click('[data-testid="help-button"]');
    await page.page.keyboard.press("Escape");
    const run = await page.run("server");
    expect(run.status).toBe("201");
    for (const [width, height] of [
      [1024, 768],
      [1280, 720],
      [1440, 900],
      [1920, 1080],
    ] as const) {
      await page.page.setViewportSize({ width, height });
      // The panes settle on the next frame after a resize.
      await page.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const box = async (selector: string) => {
        const found = await page.page.locator(selector).first().boundingBox();
        expect(found, `${selector} at ${width}×${height}`).not.toBeNull();
        return found!;
      };
      const editor = await box('[data-testid="code-editor"]');
      const runButton = await box('[data-testid="run-button"]');
      const reply = await box('[data-testid="reply-status"]');
      const template = await box('[data-testid="template-select"]');
      const target = await box('[data-testid="run-target"]');
      const stage = await box('[data-testid="image-stage"]');
      for (const [name, r] of Object.entries({ editor, runButton, reply, template, target })) {
        expect(inside(r, width, height), `${name} on screen at ${width}×${height}: ${JSON.stringify(r)}`).toBe(true);
      }
      // Nothing of one pane lies over another's.
      expect(overlap(template, runButton), `template select over Run at ${width}`).toBe(false);
      expect(overlap(template, target), `template select over the target at ${width}`).toBe(false);
      expect(overlap(editor, reply), `editor over the reply at ${width}`).toBe(false);
      expect(overlap(editor, stage), `editor over the image at ${width}`).toBe(false);
      expect(template.x + template.width <= runButton.x, `template select ends before the run pane at ${width}`).toBe(
        true,
      );
      // The editor takes the height it is given: at least 60 % of the window.
      expect(editor.height, `editor height at ${width}×${height}`).toBeGreaterThan(0.6 * height);
      // No page-level scrolling: the panes scroll inside.
      const scroll = await page.page.evaluate(() => document.documentElement.scrollHeight);
      expect(scroll, `page height at ${width}×${height}`).toBeLessThanOrEqual(height + 1);
      await page.screenshot(`layout-${width}x${height}.png`);
    }
    expect(errors).toEqual([]);
  }, 300_000);

  it("lets the panes be resized by dragging the separators, and keeps the sizes across a reload", async () => {
    const page = await playground.open();
    await page.page.setViewportSize({ width: 1440, height: 900 });
    const editorBefore = (await page.page.locator('[data-testid="code-editor"]').boundingBox())!;
    const separator = (await page.page.locator(".pane-separator").first().boundingBox())!;
    await page.page.mouse.move(separator.x + separator.width / 2, separator.y + separator.height / 2);
    await page.page.mouse.down();
    await page.page.mouse.move(separator.x - 120, separator.y + separator.height / 2, { steps: 6 });
    await page.page.mouse.up();
    const editorAfter = (await page.page.locator('[data-testid="code-editor"]').boundingBox())!;
    expect(editorAfter.width).toBeGreaterThan(editorBefore.width + 80);
    await page.reload();
    const editorReloaded = (await page.page.locator('[data-testid="code-editor"]').boundingBox())!;
    expect(Math.abs(editorReloaded.width - editorAfter.width)).toBeLessThan(8);
  }, 120_000);

  it("shows a new user where to start, the shortcuts on ?, and links to the API docs and the README", async () => {
    const page = await playground.open();
    expect(await page.page.textContent('[data-testid="empty-state"]')).toMatch(/Start here/);
    await page.page.keyboard.press("?");
    await page.page.waitForSelector('[data-testid="help-dialog"]');
    expect(await page.page.textContent('[data-testid="help-dialog"]')).toMatch(/Ctrl\/⌘ \+ Enter/);
    await page.page.keyboard.press("Escape");
    await page.page.waitForSelector('[data-testid="help-dialog"]', { state: "detached" });
    const docs = await page.page.getAttribute('[data-testid="docs-link"]', "href");
    const readme = await page.page.getAttribute('[data-testid="readme-link"]', "href");
    const base = playground.server().url;
    const docsPage = await fetch(new URL(docs!, base));
    expect(docsPage.status).toBe(200);
    const html = await docsPage.text();
    expect(html).toContain("Luna-Account-Id");
    // No emoji: a machine without an emoji font drew a missing-glyph box.
    expect(/[\u{1F300}-\u{1FAFF}]/u.test(html)).toBe(false);
    const readmeReply = await fetch(new URL(readme!, base));
    expect(readmeReply.status).toBe(200);
    expect(readmeReply.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(await readmeReply.text()).toMatch(/Quick start/);
    await page.addSample("grace_hopper_512x512.jpg");
    expect(await page.page.locator('[data-testid="empty-state"]').count()).toBe(0);
  }, 120_000);

  it("draws the 68 landmarks large enough to see at 100 %, and says when an image has not been analysed", async () => {
    const page = await playground.open();
    await page.addSample("grace_hopper_512x512.jpg");
    await page.selectTarget("server");
    await page.detect();
    const dot = (await page.page.locator('[data-testid="landmark"]').first().boundingBox())!;
    expect(await page.page.locator('[data-testid="landmark"]').count()).toBe(68);
    expect(dot.width).toBeGreaterThanOrEqual(3);
    expect(await page.page.locator(".landmark-contour").count()).toBe(9);
    expect(await page.page.textContent('[data-testid="analysis"]')).toMatch(/1 face\(s\) in this image/);
    await page.addSample("astronaut.png");
    expect(await page.page.textContent('[data-testid="analysis"]')).toMatch(/not been analysed yet/);
  }, 120_000);
});
