/** A lambda run in the browser reaches only the page's own services, as the page's account. */
import { describe, expect, it } from "vitest";
import { chromiumAvailable } from "../support/browser.ts";
import { playgroundSuite } from "../support/playgroundSuite.ts";

describe.runIf(chromiumAvailable())("browser lambda walls", () => {
  const playground = playgroundSuite();

  it("keeps a browser lambda to the page's services and account: no other sites, no lambda API, no sockets or workers", async () => {
    const server = playground.server();
    const other = crypto.randomUUID();
    const created = await fetch(`${server.url}/luna-faces/3/faces`, {
      method: "POST",
      headers: { "Luna-Account-Id": other, "content-type": "application/json" },
      body: JSON.stringify({ external_id: "not-the-page's" }),
    });
    const faceId = ((await created.json()) as { face_id: string }).face_id;
    const port = new URL(server.url).port;
    const page = await playground.open();
    await page.setCode(
      `const attempt = async (f: () => Promise<unknown>) => { try { return await f(); } catch (e) { return "refused: " + String(e); } }; ` +
        `export async function main() { return { ` +
        `otherSite: await attempt(() => fetch("http://127.0.0.2:${port}/healthcheck").then((r) => r.status)), ` +
        `lambdaApi: await attempt(() => fetch("/luna-lambda/1/lambdas", { method: "POST", body: "{}" }).then((r) => r.status)), ` +
        `forged: await attempt(() => fetch("/luna-faces/3/faces/${faceId}", { headers: { "Luna-Account-Id": "${other}" } }).then((r) => r.status)), ` +
        `sockets: [typeof WebSocket, typeof EventSource, typeof Worker].join(",") }; }\n`,
    );
    const result = await page.run("browser-wasm");
    expect(result.status, JSON.stringify(result.body)).toBe("201");
    expect(result.body.otherSite).toMatch(/^refused: .*not reachable from a lambda/);
    expect(result.body.lambdaApi).toMatch(/^refused: .*not reachable from a lambda/);
    // The page's own account is stamped on: the other account's face is not found.
    expect(result.body.forged).toBe(404);
    expect(result.body.sockets).toBe("undefined,undefined,undefined");
  }, 300_000);
});
