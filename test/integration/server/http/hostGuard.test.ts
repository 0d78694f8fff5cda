/**
 * The Host and Origin checks at the edge: foreign Host names (DNS rebinding) are refused before any
 * handler and never reach a reply URL; state-changing requests from another site are refused by
 * Origin and by Sec-Fetch-Site, unless ALLOWED_ORIGINS lists the origin; the WebSocket follows the
 * same rules.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, rawRequest } from "../../../support/rawHttp.ts";
import { webSocketUpgradeStatus } from "../../../support/webSocketUpgrade.ts";
import { startTestServer, type TestServer } from "../../../support/testServer.ts";

let server: TestServer;
let port: string;
const account = crypto.randomUUID();

beforeAll(async () => {
  server = await startTestServer({ ALLOWED_HOSTS: "playground.test", ALLOWED_ORIGINS: "http://tools.example:8080" });
  port = new URL(server.url).port;
});
afterAll(() => server.close());

const get = (path: string, headers: Record<string, string>) => rawRequest(server.url, { path, headers });
const createList = (headers: Record<string, string>) =>
  rawRequest(server.url, {
    method: "POST",
    path: "/luna-faces/3/lists",
    headers: { host: `127.0.0.1:${port}`, "content-type": "application/json", "luna-account-id": account, ...headers },
    body: "{}",
  });

const openSocket = (headers: Record<string, string>) =>
  webSocketUpgradeStatus(`ws://127.0.0.1:${port}/luna-sender/1/ws?account_id=${account}`, headers);

describe("Host check", () => {
  it("refuses a Host that is neither loopback nor in ALLOWED_HOSTS, on every kind of path", async () => {
    for (const host of [
      "attacker.example",
      `attacker.example:${port}`,
      "127.0.0.1.attacker.example",
      "localhost.attacker.example",
      "10.0.0.5",
      "[fe80::1]",
      "exa mple",
    ]) {
      for (const path of [
        "/",
        "/healthcheck",
        "/luna-faces/3/version",
        "/luna-faces/3/faces",
        "/models/fr_detect.onnx",
      ]) {
        const reply = await get(path, { host });
        expect([host, path, reply.status, errorCode(reply)]).toEqual([host, path, 403, 95070]);
      }
    }
  });

  it("answers loopback names and addresses and the listed hosts", async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      "localhost",
      `app.localhost:${port}`,
      "127.0.0.2",
      `[::1]:${port}`,
      `playground.test:${port}`,
      "PLAYGROUND.TEST",
    ]) {
      const reply = await get("/luna-faces/3/version", { host });
      expect([host, reply.status]).toEqual([host, 200]);
    }
  });

  it("builds reply URLs only from allowed hosts", async () => {
    const reply = await createList({ host: `playground.test:${port}` });
    expect(reply.status).toBe(201);
    expect((JSON.parse(reply.body.toString()) as { url: string }).url).toMatch(
      new RegExp(`^http://playground\\.test:${port}/luna-faces/3/lists/`),
    );
    const refused = await createList({ host: "attacker.example" });
    expect(refused.status).toBe(403);
    expect(refused.body.toString()).not.toContain("attacker.example/luna-faces");
  });
});

describe("Origin and Sec-Fetch-Site checks on state-changing requests", () => {
  it("refuses another site's Origin, a null Origin and another port of the same host", async () => {
    for (const origin of [
      "http://evil.example",
      "null",
      `http://127.0.0.1:${Number(port) + 1}`,
      `https://127.0.0.1:${port}`,
      "http://playground.test",
    ]) {
      const reply = await createList({ origin });
      expect([origin, reply.status, errorCode(reply)]).toEqual([origin, 403, 95071]);
    }
  });

  it("refuses Sec-Fetch-Site: cross-site", async () => {
    const reply = await createList({ "sec-fetch-site": "cross-site" });
    expect([reply.status, errorCode(reply)]).toEqual([403, 95071]);
  });

  it("takes same-origin requests, requests without Origin, and origins ALLOWED_ORIGINS lists", async () => {
    expect((await createList({ origin: `http://127.0.0.1:${port}`, "sec-fetch-site": "same-origin" })).status).toBe(
      201,
    );
    expect((await createList({})).status).toBe(201);
    expect((await createList({ origin: "http://tools.example:8080", "sec-fetch-site": "cross-site" })).status).toBe(
      201,
    );
    expect(
      (await createList({ host: `playground.test:${port}`, origin: `http://playground.test:${port}` })).status,
    ).toBe(201);
  });

  it("lets reads through whatever their Origin (no CORS headers are granted)", async () => {
    const reply = await get("/luna-faces/3/lists", {
      host: `127.0.0.1:${port}`,
      origin: "http://evil.example",
      "sec-fetch-site": "cross-site",
      "luna-account-id": account,
    });
    expect(reply.status).toBe(200);
    expect(reply.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("checks the WebSocket upgrade like a write (no cross-site WebSocket hijacking)", async () => {
    expect(await openSocket({})).toBe(101);
    expect(await openSocket({ origin: `http://127.0.0.1:${port}` })).toBe(101);
    expect(await openSocket({ origin: "http://evil.example" })).toBe(403);
    expect(await openSocket({ host: "attacker.example" })).toBe(403);
  });
});
