/**
 * Bad input is a 4xx Luna error, never a 5xx or a crash: truncated multipart bodies, bad
 * percent-encoding in path parameters, NUL and lone surrogates in strings that would reach the
 * database, deep nesting, and the body parsers' own failures. Each case below was a 500 or a dead
 * process before.
 */
import { encode } from "@msgpack/msgpack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { errorCode, rawRequest, type RawReply } from "../../../support/rawHttp.ts";
import { startTestServer, type TestServer } from "../../../support/testServer.ts";

let server: TestServer;
const account = crypto.randomUUID();
const MAX_BODY_BYTES = 1024 * 1024;

beforeAll(async () => {
  server = await startTestServer({ MAX_BODY_BYTES: String(MAX_BODY_BYTES) });
});
afterAll(() => server.close());

function send(
  method: string,
  path: string,
  body?: Uint8Array | string,
  contentType = "application/json",
  headers: Record<string, string> = {},
): Promise<RawReply> {
  return rawRequest(server.url, {
    method,
    path,
    body,
    headers: { "luna-account-id": account, ...(body === undefined ? {} : { "content-type": contentType }), ...headers },
  });
}

const outcome = async (reply: Promise<RawReply>) => {
  const r = await reply;
  return [r.status, errorCode(r)];
};

/** `{"a": {"a": … 1 …}}`, `depth` objects deep, as JSON text (JSON.stringify would recurse). */
const nestedJson = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
/** The same nesting as msgpack bytes (the encoder stops at depth 100). */
function nestedMsgpack(prefix: number[], depth: number): Uint8Array {
  const bytes = [...prefix];
  for (let i = 0; i < depth; i++) bytes.push(0x81, 0xa1, 0x61);
  bytes.push(0x01);
  return new Uint8Array(bytes);
}
const msgpackKey = (key: string) => [0xa0 | key.length, ...new TextEncoder().encode(key)];

async function healthy(): Promise<void> {
  expect((await rawRequest(server.url, { path: "/healthcheck" })).status).toBe(200);
}

describe("multipart bodies", () => {
  const truncated =
    '--BnD\r\nContent-Disposition: form-data; name="a"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\nxx';
  const truncatedModel =
    '--BnD\r\nContent-Disposition: form-data; name="model"; filename="m.onnx"\r\nContent-Type: application/octet-stream\r\n\r\nxx';

  it("an unterminated body is a 400 on /sdk and on PUT /models/mask, and the server lives on", async () => {
    expect(
      await outcome(send("POST", "/luna-remote-sdk/1/sdk", truncated, "multipart/form-data; boundary=BnD")),
    ).toEqual([400, 12031]);
    expect(
      await outcome(send("PUT", "/luna-remote-sdk/1/models/mask", truncatedModel, "multipart/form-data; boundary=BnD")),
    ).toEqual([400, 12031]);
    expect(await outcome(send("POST", "/luna-remote-sdk/1/sdk", "garbage", "multipart/form-data"))).toEqual([
      400, 12031,
    ]);
    await healthy();
  });
});

describe("percent-encoding in path parameters", () => {
  const id = crypto.randomUUID();
  const routes: [string, (p: string) => string][] = [
    ["GET", (p) => `/luna-faces/3/faces/${p}`],
    ["PATCH", (p) => `/luna-faces/3/faces/${p}`],
    ["DELETE", (p) => `/luna-faces/3/faces/${p}`],
    ["GET", (p) => `/luna-faces/3/lists/${p}`],
    ["DELETE", (p) => `/luna-faces/3/lists/${p}`],
    ["PATCH", (p) => `/luna-faces/3/lists/${p}/faces`],
    ["GET", (p) => `/luna-events/2/events/${p}`],
    ["DELETE", (p) => `/luna-events/2/events/${p}`],
    ["GET", (p) => `/luna-lambda/1/lambdas/${p}`],
    ["GET", (p) => `/luna-lambda/1/lambdas/${p}/status`],
    ["GET", (p) => `/luna-lambda/1/lambdas/${p}/logs`],
    ["GET", (p) => `/luna-lambda/1/lambdas/${p}/archive`],
    ["DELETE", (p) => `/luna-lambda/1/lambdas/${p}`],
    ["POST", (p) => `/luna-lambda/1/lambdas/${p}/proxy/main`],
    ["POST", (p) => `/luna-lambda/1/lambdas/${id}/proxy/${p}`],
    ["POST", (p) => `/luna-image-store/1/buckets/${p}/images`],
    ["GET", (p) => `/luna-image-store/1/buckets/visionlabs-samples/images/${p}`],
    ["HEAD", (p) => `/luna-image-store/1/buckets/visionlabs-samples/images/${p}`],
    ["DELETE", (p) => `/luna-image-store/1/buckets/visionlabs-samples/images/${p}`],
    ["GET", (p) => `/luna-image-store/1/buckets/${p}/images/${id}`],
    ["PUT", (p) => `/luna-remote-sdk/1/models/${p}`],
    ["DELETE", (p) => `/luna-remote-sdk/1/models/${p}`],
  ];

  it("is a 400 (95031) on every route with a parameter", async () => {
    for (const bad of ["%E0%A4%A", "%", "%C0%AE%C0%AE", "%FF", "%ZZ", "%ED%A0%80"]) {
      for (const [method, path] of routes) {
        const reply = await send(
          method,
          path(bad),
          method === "GET" || method === "HEAD" || method === "DELETE" ? undefined : "{}",
        );
        expect([method, path(bad), reply.status, method === "HEAD" ? 95031 : errorCode(reply)]).toEqual([
          method,
          path(bad),
          400,
          95031,
        ]);
      }
    }
    await healthy();
  });
});

describe("strings that cannot be stored", () => {
  it("a NUL is a 400 naming the field, in bodies, keys and queries", async () => {
    expect(await outcome(send("POST", "/luna-faces/3/faces", '{"user_data":"\\u0000"}'))).toEqual([400, 12022]);
    const reply = await send("POST", "/luna-faces/3/faces", '{"user_data":"a\\u0000b"}');
    expect(reply.body.toString()).toContain("'user_data'");
    expect(await outcome(send("POST", "/luna-faces/3/lists", '{"user_data":"\\u0000"}'))).toEqual([400, 12022]);
    expect(await outcome(send("POST", "/luna-events/2/events", '{"events":[{"meta":{"k\\u0000":1}}]}'))).toEqual([
      400, 12022,
    ]);
    expect(
      await outcome(
        send("POST", "/luna-events/2/events", encode({ events: [{ user_data: "\u0000" }] }), "application/msgpack"),
      ),
    ).toEqual([400, 12047]);
    expect(await outcome(send("GET", "/luna-faces/3/faces?user_data=%00"))).toEqual([400, 12031]);
    expect(
      await outcome(send("POST", "/luna-sender/1/publish", '{"handler_id":"h","events":[{"a":"\\u0000"}]}')),
    ).toEqual([400, 12022]);
  });

  it("a lone surrogate is a 400 naming the field", async () => {
    const reply = await send("POST", "/luna-events/2/events", '{"events":[{"meta":{"note":"\\ud800"}}]}');
    expect([reply.status, errorCode(reply)]).toEqual([400, 12022]);
    expect(reply.body.toString()).toContain("events[0].meta.note");
    expect(await outcome(send("POST", "/luna-faces/3/faces", '{"user_data":"\\udc00x"}'))).toEqual([400, 12022]);
    expect(
      await outcome(send("PATCH", `/luna-faces/3/faces/${crypto.randomUUID()}`, '{"external_id":"\\ud83d"}')),
    ).toEqual([400, 12022]);
    // A well-formed pair is text like any other.
    expect((await send("POST", "/luna-faces/3/faces", '{"user_data":"\\ud83d\\ude00"}')).status).toBe(201);
  });
});

describe("nesting depth", () => {
  const eventWith = (field: string, depth: number) => `{"events":[{"${field}":${nestedJson(depth)}}]}`;

  it("10,000 levels in event meta, location and Sender events is a 400, as JSON and as msgpack", async () => {
    expect(await outcome(send("POST", "/luna-events/2/events", eventWith("meta", 10_000)))).toEqual([400, 12022]);
    expect(await outcome(send("POST", "/luna-events/2/events", eventWith("location", 10_000)))).toEqual([400, 12022]);
    expect(
      await outcome(send("POST", "/luna-sender/1/publish", `{"handler_id":"h","events":[${nestedJson(10_000)}]}`)),
    ).toEqual([400, 12022]);
    const eventsMeta = [0x81, ...msgpackKey("events"), 0x91, 0x81, ...msgpackKey("meta")];
    expect(
      await outcome(send("POST", "/luna-events/2/events", nestedMsgpack(eventsMeta, 10_000), "application/msgpack")),
    ).toEqual([400, 12047]);
    const publish = [0x82, ...msgpackKey("handler_id"), ...msgpackKey("h"), ...msgpackKey("events"), 0x91];
    expect(
      await outcome(send("POST", "/luna-sender/1/publish", nestedMsgpack(publish, 10_000), "application/msgpack")),
    ).toEqual([400, 12047]);
    expect(await outcome(send("POST", "/luna-remote-sdk/1/sdk", `{"images":[${nestedJson(10_000)}]}`))).toEqual([
      400, 12022,
    ]);
    await healthy();
  });

  it("a free-form field deeper than 32 levels is refused; 32 levels is stored and reads back as msgpack", async () => {
    const tooDeep = await send("POST", "/luna-events/2/events", eventWith("meta", 150));
    expect([tooDeep.status, errorCode(tooDeep)]).toEqual([400, 12022]);
    expect(await outcome(send("POST", "/luna-events/2/events", eventWith("meta", 33)))).toEqual([400, 12022]);
    const stored = await send("POST", "/luna-events/2/events", eventWith("meta", 32));
    expect(stored.status).toBe(201);
    const eventId = (JSON.parse(stored.body.toString()) as { events: { event_id: string }[] }).events[0]!.event_id;
    const back = await rawRequest(server.url, {
      path: `/luna-events/2/events/${eventId}`,
      headers: { "luna-account-id": account, accept: "application/msgpack" },
    });
    expect(back.status).toBe(200);
    expect(back.headers["content-type"]).toMatch(/msgpack/);
  });
});

describe("the body parsers' own failures", () => {
  it("bad JSON, bad msgpack, an empty body and a body over MAX_BODY_BYTES are Luna errors", async () => {
    expect(await outcome(send("POST", "/luna-faces/3/faces", "{bad"))).toEqual([400, 12002]);
    expect(await outcome(send("POST", "/luna-faces/3/faces", new Uint8Array([0xc1]), "application/msgpack"))).toEqual([
      400, 12047,
    ]);
    expect(await outcome(send("POST", "/luna-faces/3/faces", ""))).toEqual([400, 12030]);
    expect(await outcome(send("POST", "/luna-faces/3/faces", "x".repeat(MAX_BODY_BYTES + 1)))).toEqual([413, 95003]);
    expect(await outcome(send("POST", "/luna-faces/3/faces", "{}", "text/plain"))).toEqual([400, 12023]);
  });
});
