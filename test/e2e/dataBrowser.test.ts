/**
 * The data browser: seed example 4 ("Canonical handler") run on the server stores a face, an
 * event and a warp sample for the page's account; the Data tab then lists each of them, opens
 * them in detail with the sample's image, and deletes an event through Luna Events' API.
 */
import { describe, expect, it } from "vitest";
import { chromiumAvailable } from "../support/browser.ts";
import { playgroundSuite } from "../support/playgroundSuite.ts";

describe.runIf(chromiumAvailable())("data browser", () => {
  const playground = playgroundSuite();

  it("finds what seed example 4 stored on the server: the face, the event and the sample", async () => {
    const page = await playground.open();
    const p = page.page;
    await page.addSample("grace_hopper_512x512.jpg");
    await page.selectTemplate("04-canonical-handler");
    const run = await page.run("server");
    expect(run.status, JSON.stringify(run.body)).toBe("201");
    const stored = run.body.events[0];
    const faceId: string = stored.face.face_id;
    const eventId: string = stored.event_id;
    const sampleId: string = stored.detections[0].samples.face.sample_id;
    const account = await p.evaluate(() => localStorage.getItem("luna-lambda-playground:account-id"));

    await p.click('[data-testid="tab-data"]');
    const browser = p.locator('[data-testid="data-browser"]');
    expect(await browser.locator('[data-testid="data-account"]').textContent()).toBe(account);
    // Counts: one face, one event, one sample, no list (example 4 makes none).
    for (const [section, count] of [
      ["faces", "1"],
      ["events", "1"],
      ["samples", "1"],
      ["lists", "0"],
    ])
      await p.waitForSelector(`[data-testid="data-section-${section}"][data-count="${count}"]`);

    // The face: in the list, then opened, with its descriptor, its event and its 112×112 warp sample.
    await p.click(`[data-testid="data-item"][data-kind="face"][data-id="${faceId}"] button`);
    const detail = p.locator(`[data-testid="data-detail"][data-kind="face"][data-id="${faceId}"]`);
    await detail.waitFor();
    expect(await detail.locator('[data-field="external_id"]').textContent()).toBe("grace_hopper_512x512.jpg");
    expect(await detail.locator('[data-field="descriptors"]').textContent()).toBe("version 900");
    const sample = detail.locator(`[data-testid="data-sample-image"][data-id="${sampleId}"][data-found="true"] img`);
    await sample.waitFor();
    await p.waitForFunction((img) => (img as HTMLImageElement).complete, await sample.elementHandle());
    expect(await sample.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([112, 112]);
    await page.screenshot("data-browser-face.png");

    // The event: listed in Events, opened, naming the same face and sample.
    await p.click('[data-testid="data-section-events"]');
    await p.click(`[data-testid="data-item"][data-kind="event"][data-id="${eventId}"] button`);
    const event = p.locator(`[data-testid="data-detail"][data-kind="event"][data-id="${eventId}"]`);
    await event.waitFor();
    expect(await event.locator('[data-field="face"] [data-testid="data-link"]').getAttribute("data-id")).toBe(faceId);
    await event.locator(`[data-testid="data-sample-image"][data-id="${sampleId}"][data-found="true"]`).waitFor();
    const fields = JSON.parse((await event.locator('[data-testid="data-json"]').getAttribute("data-json"))!);
    expect(fields).toMatchObject({ event_id: eventId, external_id: "grace_hopper_512x512.jpg", account_id: account });
    await page.screenshot("data-browser-event.png");

    // The sample: in the face samples bucket, opened from the event.
    await event.locator(`button:has([data-testid="data-sample-image"][data-id="${sampleId}"])`).click();
    const opened = p.locator(`[data-testid="data-detail"][data-kind="sample"][data-id="${sampleId}"]`);
    await opened.waitFor();
    expect(await opened.locator('[data-field="bucket"]').textContent()).toBe("visionlabs-samples");
    await p.click('[data-testid="data-back"]');
    await p.click('[data-testid="data-section-samples"]');
    await p.waitForSelector(`[data-testid="data-item"][data-kind="sample"][data-id="${sampleId}"]`);

    // Opened by id (what a click on an id in the reply does), then deleted through Luna Events.
    await p.click('[data-testid="data-section-events"]');
    await p.fill('[data-testid="data-open-id"]', eventId.toUpperCase());
    await p.press('[data-testid="data-open-id"]', "Enter");
    await event.waitFor();
    await p.click('[data-testid="data-delete"]');
    await p.click('[data-testid="data-delete-confirm"]');
    await p.waitForSelector('[data-testid="data-section-events"][data-count="0"]');
    expect(await p.locator('[data-testid="data-item"][data-kind="event"]').count()).toBe(0);
    const gone = await fetch(`${playground.server().url}/luna-events/2/events/${eventId}`, {
      headers: { "Luna-Account-Id": account! },
    });
    expect(gone.status).toBe(404);
    // The face stays (an event's deletion is its own).
    expect(
      (
        await fetch(`${playground.server().url}/luna-faces/3/faces/${faceId}`, {
          headers: { "Luna-Account-Id": account! },
        })
      ).status,
    ).toBe(200);
  });

  it("says what a missing object is, and shows another account nothing", async () => {
    const page = await playground.open();
    const p = page.page;
    // Stored by someone else: the page's account never sees it.
    const other = crypto.randomUUID();
    const created = await fetch(`${playground.server().url}/luna-faces/3/faces`, {
      method: "POST",
      headers: { "Luna-Account-Id": other, "content-type": "application/json" },
      body: JSON.stringify({ external_id: "someone else's" }),
    });
    const { face_id: foreign } = (await created.json()) as { face_id: string };
    await p.click('[data-testid="tab-data"]');
    await p.waitForSelector('[data-testid="data-section-faces"][data-count="0"]');
    await p.fill('[data-testid="data-open-id"]', foreign);
    await p.press('[data-testid="data-open-id"]', "Enter");
    const error = await p.waitForSelector('[data-testid="data-detail"] [data-testid="data-error"]');
    expect(await error.textContent()).toMatch(/^22002: /);
    // Not an id: nothing is asked of the services.
    await p.click('[data-testid="data-back"]');
    await p.fill('[data-testid="data-open-id"]', "../lambdas");
    expect(await p.isDisabled('[data-testid="data-open-id"] + button')).toBe(true);
  });

  it("pages through the account's faces, newest first, with the count", async () => {
    const page = await playground.open();
    const p = page.page;
    // The page makes its account on first use: the data browser shows it.
    await p.click('[data-testid="tab-data"]');
    await p.waitForSelector('[data-testid="data-section-faces"][data-count="0"]');
    const account = await p.textContent('[data-testid="data-account"]');
    const made: string[] = [];
    for (let i = 1; i <= 25; i++) {
      const created = await fetch(`${playground.server().url}/luna-faces/3/faces`, {
        method: "POST",
        headers: { "Luna-Account-Id": account!, "content-type": "application/json" },
        body: JSON.stringify({ external_id: `face ${i}` }),
      });
      made.push(((await created.json()) as { face_id: string }).face_id);
    }
    await p.click('[data-testid="data-refresh"]');
    await p.waitForSelector('[data-testid="data-section-faces"][data-count="25"]');
    const ids = () =>
      p
        .locator('[data-testid="data-item"][data-kind="face"]')
        .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-id")));
    await p.waitForSelector('[data-testid="data-list"][data-state="ready"]');
    expect(await ids()).toEqual(made.slice(5).reverse());
    expect(await p.textContent('[data-testid="data-page"]')).toBe("1–20 of 25");
    expect(await p.isDisabled('[data-testid="data-page-prev"]')).toBe(true);
    await p.click('[data-testid="data-page-next"]');
    await p.waitForSelector('[data-testid="data-page"]:text-is("21–25 of 25")');
    await p.waitForSelector('[data-testid="data-list"][data-state="ready"]');
    expect(await ids()).toEqual(made.slice(0, 5).reverse());
    expect(await p.isDisabled('[data-testid="data-page-next"]')).toBe(true);
  });

  it("opens a list with its faces, links the face back to it, and deletes the list but not its faces", async () => {
    const page = await playground.open();
    const p = page.page;
    await p.click('[data-testid="tab-data"]');
    await p.waitForSelector('[data-testid="data-section-lists"][data-count="0"]');
    const account = (await p.textContent('[data-testid="data-account"]'))!;
    const faces = `${playground.server().url}/luna-faces/3`;
    const post = async (path: string, body: unknown, method = "POST") =>
      fetch(`${faces}${path}`, {
        method,
        headers: { "Luna-Account-Id": account, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const { list_id: listId } = (await (await post("/lists", { user_data: "door cameras" })).json()) as {
      list_id: string;
    };
    const { face_id: faceId } = (await (await post("/faces", { external_id: "visitor", lists: [listId] })).json()) as {
      face_id: string;
    };
    await p.click('[data-testid="data-refresh"]');
    await p.click('[data-testid="data-section-lists"]');
    await p.click(`[data-testid="data-item"][data-kind="list"][data-id="${listId}"] button`);
    const list = p.locator(`[data-testid="data-detail"][data-kind="list"][data-id="${listId}"]`);
    await list.waitFor();
    expect(await list.locator('[data-field="user_data"]').textContent()).toBe("door cameras");
    expect(await list.locator('[data-field="faces_count"]').textContent()).toBe("1");
    await list.locator(`[data-testid="data-link"][data-kind="face"][data-id="${faceId}"]`).click();
    const face = p.locator(`[data-testid="data-detail"][data-kind="face"][data-id="${faceId}"]`);
    await face.waitFor();
    await face.locator(`[data-field="lists"] [data-testid="data-link"][data-id="${listId}"]`).click();
    await list.waitFor();
    await p.click('[data-testid="data-delete"]');
    await p.click('[data-testid="data-delete-confirm"]');
    await p.waitForSelector('[data-testid="data-section-lists"][data-count="0"]');
    await p.waitForSelector('[data-testid="data-section-faces"][data-count="1"]');
    expect((await fetch(`${faces}/lists/${listId}`, { headers: { "Luna-Account-Id": account } })).status).toBe(404);
  });
});
