/**
 * The request panel (issue 14 item 3): every handlers-input field, the headers and the query are
 * edited as data, reach the lambda on the server and in the browser alike, survive a reload, and
 * bad values are answered inline with Run refused; the msgpack inspector shows the body sent.
 */
import { describe, expect, it } from "vitest";
import { chromiumAvailable } from "../support/browser.ts";
import { photo } from "../support/fixtures.ts";
import { playgroundSuite } from "../support/playgroundSuite.ts";
import { ECHO_REQUEST, FILLED_REPLY, fillRequest, HANDLER_ID } from "../support/requestPanel.ts";

describe.runIf(chromiumAvailable())("request panel", () => {
  const playground = playgroundSuite();

  it("sends every field, header and query value to the lambda on the server and in the browser", async () => {
    const page = await playground.open();
    await page.addPhoto("grace_hopper_512x512.jpg");
    await page.setCode(ECHO_REQUEST);
    await fillRequest(page);
    // The inspector shows what goes out: the size, a map of 4 keys first (0x84), the image as its byte count.
    const size = Number(await page.page.getAttribute('[data-testid="msgpack-size"]', "data-bytes"));
    expect(size).toBeGreaterThan(photo("grace_hopper_512x512.jpg").length);
    expect(await page.page.textContent('[data-testid="msgpack-hex"]')).toMatch(/^84 /);
    const tree = JSON.parse((await page.page.getAttribute('[data-testid="msgpack-tree"]', "data-json"))!);
    expect(tree).toMatchObject({
      aggregate_attributes: 1,
      use_exif_info: 0,
      source_data: { source: "cam-1" },
      sources: [
        {
          source: { body: `<${photo("grace_hopper_512x512.jpg").length} bytes>` },
          source_type: 0,
          detect_ts: 1714564800.5,
        },
      ],
    });
    await page.screenshot("request-panel.png");
    for (const target of ["server", "browser-wasm"] as const) {
      const result = await page.run(target);
      expect([result.status, result.body], target).toEqual(["201", FILLED_REPLY]);
    }
  }, 300_000);

  it("keeps the request's fields, headers and query over a reload", async () => {
    const page = await playground.open();
    await page.addPhoto("grace_hopper_512x512.jpg");
    await fillRequest(page);
    await page.reload();
    await page.page.click('[data-testid="tab-request"]');
    const value = (id: string) => page.page.inputValue(`[data-testid="${id}"]`);
    expect(await value("request-source-0-detectTs")).toBe("1714564800.5");
    expect(await value("request-source-0-meta")).toBe('{"camera": "door", "floor": 3}');
    expect(await value("request-useExifInfo")).toBe("0");
    expect(await value("request-handlerId")).toBe(HANDLER_ID);
    expect(await value("request-header-name-0")).toBe("X-Camera");
    expect(await value("request-query-value-0")).toBe("fast");
  }, 120_000);

  it("answers bad values inline and refuses to run until they are fixed", async () => {
    const page = await playground.open();
    await page.addPhoto("grace_hopper_512x512.jpg");
    await page.setCode("export async function main() { return { ran: true }; }\n");
    const p = page.page;
    await p.click('[data-testid="tab-request"]');
    await p.fill('[data-testid="request-source-0-detectTs"]', "soon");
    await p.fill('[data-testid="request-source-0-meta"]', "[1, 2]");
    await p.fill('[data-testid="request-source-0-sourceData"]', '{"tags": "door"}');
    await p.fill('[data-testid="request-sourceData"]', '{"source": ');
    await p.fill('[data-testid="request-handlerId"]', "handler-7");
    await p.click('[data-testid="request-header-add"]');
    await p.fill('[data-testid="request-header-name-0"]', "Bad Header");
    await p.click('[data-testid="request-header-add"]');
    await p.fill('[data-testid="request-header-name-1"]', "Cookie");
    await p.click('[data-testid="request-query-add"]');
    await p.fill('[data-testid="request-query-name-0"]', "a[b]");
    const error = (id: string) => p.textContent(`[data-testid="${id}-error"]`);
    expect(await error("request-source-0-detectTs")).toMatch(/a number/);
    expect(await error("request-source-0-meta")).toMatch(/a JSON object/);
    // The shared schema's own verdict, naming the path inside source_data.
    expect(await error("request-source-0-sourceData")).toMatch(/source_data\.tags/);
    expect(await error("request-sourceData")).toMatch(/not JSON/);
    expect(await error("request-handlerId")).toMatch(/UUID/);
    expect(await p.textContent('[data-testid="request-header-error-0"]')).toMatch(/not a header name/);
    expect(await p.textContent('[data-testid="request-header-error-1"]')).toMatch(/would not reach the lambda/);
    expect(await p.textContent('[data-testid="request-query-error-0"]')).toMatch(/not a plain query name/);
    expect(await p.getAttribute('[data-testid="request-editor"]', "data-problems")).toBe("8");
    await page.screenshot("request-panel-errors.png");

    const refused = await page.run("server");
    expect(refused.runStatus).toBe("error");
    expect(refused.status).toBeNull();
    expect(refused.error).toMatch(/not run: the request is not valid \(8 problem\(s\)\), first detect_ts of image 1/);

    for (const id of [
      "request-source-0-detectTs",
      "request-source-0-meta",
      "request-source-0-sourceData",
      "request-sourceData",
      "request-handlerId",
    ])
      await p.fill(`[data-testid="${id}"]`, "");
    await p.click('[data-testid="request-header-remove-1"]');
    await p.click('[data-testid="request-header-remove-0"]');
    await p.fill('[data-testid="request-query-name-0"]', "a");
    expect(await p.getAttribute('[data-testid="request-editor"]', "data-problems")).toBe("0");
    const ran = await page.run("server");
    expect([ran.status, ran.body]).toEqual(["201", { ran: true }]);
  }, 300_000);
});
