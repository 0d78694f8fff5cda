/**
 * The access token: with AUTH_TOKEN set (as when the server listens beyond loopback) every request
 * but /healthcheck needs it, as a Bearer header or as the cookie the start-up URL sets; a wrong or
 * missing token is a 401 Luna error, also for the WebSocket. Without it, on loopback, none is needed.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessTokenFor } from "../../../../server/http/accessToken.ts";
import { errorCode, rawRequest } from "../../../support/rawHttp.ts";
import { webSocketUpgradeStatus } from "../../../support/webSocketUpgrade.ts";
import { startTestServer, type TestServer } from "../../../support/testServer.ts";

const TOKEN = "test-token-0123456789abcdef";
let server: TestServer;
const account = crypto.randomUUID();

beforeAll(async () => {
  server = await startTestServer({ AUTH_TOKEN: TOKEN });
});
afterAll(() => server.close());

const call = (path: string, headers: Record<string, string> = {}, method = "GET") =>
  rawRequest(server.url, {
    method,
    path,
    headers: { "luna-account-id": account, ...headers },
    ...(method === "POST" ? { body: "{}" } : {}),
  });

const openSocket = (headers: Record<string, string>) =>
  webSocketUpgradeStatus(`${server.url.replace("http", "ws")}/luna-sender/1/ws?account_id=${account}`, headers);

describe("access token", () => {
  it("is required on every route but /healthcheck", async () => {
    for (const path of [
      "/",
      "/docs",
      "/luna-faces/3/version",
      "/luna-faces/3/faces",
      "/luna-remote-sdk/1/models",
      "/models/fr_detect.onnx",
      "/pyodide/pyodide.mjs",
    ]) {
      const reply = await call(path);
      expect([path, reply.status, errorCode(reply)]).toEqual([path, 401, 95072]);
    }
    const post = await call("/luna-lambda/1/export", { "content-type": "application/json" }, "POST");
    expect([post.status, errorCode(post)]).toEqual([401, 95072]);
    expect((await call("/healthcheck")).status).toBe(200);
  });

  it("refuses a wrong token, as header, cookie or start-up URL", async () => {
    for (const headers of [
      { authorization: "Bearer wrong-token" } as Record<string, string>,
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Basic ${TOKEN}` },
      { cookie: "luna_playground_token=nope" },
    ]) {
      const reply = await call("/luna-faces/3/faces", headers);
      expect([headers, reply.status, errorCode(reply)]).toEqual([headers, 401, 95072]);
    }
    const url = await call("/?token=wrong");
    expect([url.status, errorCode(url), url.headers["set-cookie"]]).toEqual([401, 95072, undefined]);
  });

  it("is accepted as an Authorization: Bearer header", async () => {
    expect((await call("/luna-faces/3/faces", { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect(
      (
        await call(
          "/luna-faces/3/lists",
          { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
          "POST",
        )
      ).status,
    ).toBe(201);
  });

  it("sets an HttpOnly SameSite=Strict cookie from the start-up URL, which then admits the page", async () => {
    const landing = await call(`/?token=${TOKEN}`);
    expect(landing.status).toBe(303);
    expect(landing.headers.location).toBe("/");
    const cookie = String(landing.headers["set-cookie"]);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const pair = cookie.split(";")[0]!;
    expect((await call("/luna-faces/3/faces", { cookie: `other=1; ${pair}` })).status).toBe(200);
    expect(
      (await call("/luna-faces/3/lists", { cookie: pair, "content-type": "application/json" }, "POST")).status,
    ).toBe(201);
    expect(await openSocket({ cookie: pair })).toBe(101);
  });

  it("guards the WebSocket too", async () => {
    expect(await openSocket({})).toBe(401);
    expect(await openSocket({ authorization: `Bearer ${TOKEN}` })).toBe(101);
  });

  it("is generated when listening beyond loopback, optional on loopback, and AUTH_TOKEN wins", () => {
    expect(accessTokenFor("127.0.0.1", null)).toBeNull();
    expect(accessTokenFor("localhost", null)).toBeNull();
    expect(accessTokenFor("::1", null)).toBeNull();
    const generated = accessTokenFor("0.0.0.0", null)!;
    expect(generated).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(accessTokenFor("0.0.0.0", null)).not.toBe(generated);
    expect(accessTokenFor("192.168.1.20", null)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(accessTokenFor("::", null)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(accessTokenFor("127.0.0.1", TOKEN)).toBe(TOKEN);
  });
});

describe("without AUTH_TOKEN on loopback", () => {
  it("needs no token", async () => {
    const open = await startTestServer();
    try {
      expect(open.accessToken).toBeNull();
      expect(
        (await rawRequest(open.url, { path: "/luna-faces/3/faces", headers: { "luna-account-id": account } })).status,
      ).toBe(200);
    } finally {
      await open.close();
    }
  });
});
