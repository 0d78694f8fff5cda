/**
 * The reply tree: expand all / collapse, a search that opens and marks matches, a raw view, and
 * ids of stored objects (seed example 4's face_id and event_id) that open the data browser.
 */
import { describe, expect, it } from "vitest";
import { playgroundSuite } from "../support/playgroundSuite.ts";

const playground = playgroundSuite();

describe("reply tree", () => {
  it("expands, collapses, searches, shows raw JSON, and opens a reply's face_id in the data browser", async () => {
    const page = await playground.open();
    await page.addSample("grace_hopper_512x512.jpg");
    await page.selectTemplate("04-canonical-handler");
    const run = await page.run("server");
    expect(run.status).toBe("201");
    const tree = page.page.locator('[data-testid="reply-json"]');
    const openNodes = () => tree.locator("details[open]").count();
    const allNodes = await tree.locator("details").count();

    await page.page.click('[data-testid="reply-collapse-all"]');
    expect(await openNodes()).toBe(1);
    await page.page.click('[data-testid="reply-expand-all"]');
    expect(await openNodes()).toBe(allNodes);

    await page.page.click('[data-testid="reply-collapse-all"]');
    await page.page.fill('[data-testid="reply-search"]', "event_id");
    const matches = page.page.locator('[data-testid="json-match"]');
    expect(await matches.count()).toBeGreaterThan(0);
    expect(await matches.first().isVisible()).toBe(true);

    await page.page.click('[data-testid="reply-raw-toggle"]');
    expect(JSON.parse((await page.page.textContent('[data-testid="reply-raw"]'))!)).toEqual(run.body);
    await page.page.click('[data-testid="reply-raw-toggle"]');

    await page.page.fill('[data-testid="reply-search"]', "");
    await page.page.click('[data-testid="reply-expand-all"]');
    const faceId = /"face_id":"([0-9a-f-]{36})"/.exec(JSON.stringify(run.body))![1]!;
    await page.page.locator('[data-testid="reply-id"]', { hasText: faceId }).first().click();
    expect(await page.page.getAttribute('[data-testid="tab-data"]', "aria-selected")).toBe("true");
    await page.page.waitForSelector('[data-testid="data-browser"]');
    await page.screenshot("reply-tree-data.png");
  }, 240_000);
});
