/**
 * The rest of a lambda's HTTP surface through proxy/<path>: its own routes (LambdaUserHandler
 * classes), healthcheck with and without the Luna services, Prometheus metrics and its OpenAPI
 * document (its own file, or one generated for main and its routes); the headers Luna-Handlers
 * sends and the services' enabled flags reach the request.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedRequestBody } from "../../../support/lambdaHarness.ts";
import { lunaHttp } from "../../../support/drivers.ts";
import { startTestServer, type TestServer } from "../../../support/testServer.ts";

let server: TestServer;
const account = crypto.randomUUID();
let api: ReturnType<typeof lunaHttp>;
beforeAll(async () => {
  server = await startTestServer({ LAMBDA_TIMEOUT_MS: "5000" });
  api = lunaHttp(`${server.url}/luna-lambda/1`, account);
});
afterAll(() => server.close());

const withRoutes = `import { LambdaUserHandler, UserException, type HandlersLambdaRequest } from "luna-lambda-tools";
class Teapot extends UserException { static statusCode = 418; static errorText = "short and stout"; }
export class Greeting extends LambdaUserHandler {
  async get() { return { hello: this.request.query.name ?? "world" }; }
  async post() { return this.success({ echoed: this.request.json }, 202); }
}
export class Kettle extends LambdaUserHandler {
  async put() { throw new Teapot(); }
}
export const routes = { "/greeting": Greeting, "/tools/kettle": Kettle };
export async function main(request: HandlersLambdaRequest) {
  return { handler: request.handlerId, eventTime: request.eventTime, eventEndTime: request.eventEndTime, usage: request.servicesUsage };
}
`;

async function proxy(
  id: string,
  method: string,
  path: string,
  init: { body?: string; headers?: Record<string, string> } = {},
) {
  const response = await fetch(`${server.url}/luna-lambda/1/lambdas/${id}/proxy/${path}`, {
    method,
    headers: { "Luna-Account-Id": account, ...init.headers },
    body: init.body,
  });
  const text = await response.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // metrics are text
  }
  return { status: response.status, body, headers: response.headers };
}

describe("a lambda's routes, health, metrics and spec", () => {
  let id: string;
  beforeAll(async () => {
    const created = await api("POST", "/lambdas", {
      name: "surface",
      code: withRoutes,
      settings: { ADDITIONAL_SERVICES_USAGE: { luna_events: true, luna_image_store: true, luna_sender: false } },
    });
    expect(created.body.status, JSON.stringify(created.body)).toBe("running");
    id = created.body.lambda_id;
  });

  it("answers its own routes by method, with the handler's status, and 404/405 otherwise", async () => {
    expect(await proxy(id, "GET", "greeting?name=Ada")).toMatchObject({ status: 200, body: { hello: "Ada" } });
    expect(
      await proxy(id, "POST", "greeting", {
        body: JSON.stringify({ n: 1 }),
        headers: { "content-type": "application/json" },
      }),
    ).toMatchObject({ status: 202, body: { echoed: { n: 1 } } });
    expect(await proxy(id, "PUT", "tools/kettle")).toMatchObject({
      status: 418,
      body: { error_code: 42004, detail: "short and stout" },
    });
    const wrongMethod = await proxy(id, "DELETE", "greeting");
    expect([wrongMethod.status, wrongMethod.body.error_code, wrongMethod.headers.get("allow")]).toEqual([
      405,
      95063,
      "GET, POST",
    ]);
    const missing = await proxy(id, "GET", "nowhere");
    expect([missing.status, missing.body.error_code]).toEqual([404, 95062]);
    expect(missing.body.detail).toMatch(/\/main, \/greeting, \/tools\/kettle, \/healthcheck/);
  });

  it("passes the headers Luna-Handlers sends and the services' enabled flags to main", async () => {
    const response = await fetch(`${server.url}/luna-lambda/1/lambdas/${id}/proxy/main`, {
      method: "POST",
      headers: {
        "Luna-Account-Id": account,
        "content-type": "application/msgpack",
        "Luna-Handler-Id": "h-1",
        "Luna-Event-Time": "2026-12-02T01:00:00Z",
        "Luna-Event-End-Time": "2026-12-02T01:00:05Z",
      },
      body: seedRequestBody([]) as Uint8Array<ArrayBuffer>,
    });
    expect(await response.json()).toEqual({
      handler: "h-1",
      eventTime: "2026-12-02T01:00:00Z",
      eventEndTime: "2026-12-02T01:00:05Z",
      usage: { luna_events: true, luna_image_store: true, luna_sender: false },
    });
  });

  it("answers healthcheck alone and with every enabled Luna service", async () => {
    expect(await proxy(id, "GET", "healthcheck")).toMatchObject({
      status: 200,
      body: { status: "ok", lambda_type: "handlers" },
    });
    const full = await proxy(id, "GET", "healthcheck?include_luna_services=1");
    expect(full.status, JSON.stringify(full.body)).toBe(200);
    expect(full.body.services).toEqual({
      faces: "ok",
      python_matcher: "ok",
      remote_sdk: "ok",
      events: "ok",
      image_store: "ok",
    });
    const bad = await proxy(id, "GET", "healthcheck?include_luna_services=yes");
    expect([bad.status, bad.body.error_code]).toEqual([400, 12031]);
  });

  it("says which service failed when one is down", async () => {
    const broken = await api("POST", "/lambdas", {
      name: "unhealthy",
      code: withRoutes,
      settings: { LUNA_EVENTS_ADDRESS: { origin: `${server.url}/no-events-here`, api_version: 2 } },
    });
    const reply = await proxy(broken.body.lambda_id, "GET", "healthcheck?include_luna_services=1");
    expect([reply.status, reply.body.error_code]).toEqual([502, 95064]);
    expect(reply.body.detail).toMatch(/^events: /);
    expect(reply.body.detail).not.toMatch(/faces:/);
  });

  it("counts its requests in Prometheus text", async () => {
    await proxy(id, "GET", "greeting");
    const metrics = await proxy(id, "GET", "metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get("content-type")).toMatch(/^text\/plain/);
    const text = metrics.body as string;
    expect(text).toMatch(/^# TYPE request_count_total counter$/m);
    expect(text).toMatch(/^request_count_total\{path="\/greeting",status_code="200"\} [1-9]\d*$/m);
    expect(text).toMatch(/^request_count_total\{path="\/main",status_code="201"\} 1$/m);
    expect(text).toMatch(/^request_count_total\{path="unknown",status_code="404"\} 1$/m);
    expect(text).toMatch(/^request_duration_seconds_bucket\{path="\/greeting",le="\+Inf"\} [1-9]\d*$/m);
    expect(text).toMatch(/^request_duration_seconds_count\{path="\/main"\} 1$/m);
  });

  it("serves a generated OpenAPI document, or the lambda's own", async () => {
    const generated = await proxy(id, "GET", "docs/spec");
    expect(generated.body).toMatchObject({ openapi: "3.1.0", info: { title: "surface" } });
    expect(Object.keys(generated.body.paths)).toEqual([
      "/main",
      "/greeting",
      "/tools/kettle",
      "/healthcheck",
      "/metrics",
    ]);
    expect(Object.keys(generated.body.paths["/greeting"])).toEqual(["get", "post"]);

    const yaml =
      "openapi: 3.1.0\ninfo:\n  title: Counting lambda\n  version: '2.0'\npaths:\n  /main:\n    post:\n      summary: counts\n";
    const own = await api("POST", "/lambdas", {
      name: "own-spec",
      code: "export async function main() { return {}; }\n",
      files: [{ path: "openapi.yml", base64: Buffer.from(yaml).toString("base64") }],
    });
    expect((await proxy(own.body.lambda_id, "GET", "docs/spec")).body).toEqual({
      openapi: "3.1.0",
      info: { title: "Counting lambda", version: "2.0" },
      paths: { "/main": { post: { summary: "counts" } } },
    });
    const broken = await api("POST", "/lambdas", {
      name: "bad-spec",
      code: "export async function main() { return {}; }\n",
      files: [{ path: "openapi.yml", base64: Buffer.from("a: [1,").toString("base64") }],
    });
    expect(broken.body).toMatchObject({
      status: "failed",
      errors: [{ file: "openapi.yml", text: expect.stringMatching(/^openapi\.yml is not YAML/) }],
    });
  });

  it("answers a Python lambda's routes the same way", async () => {
    const code = `from luna_lambda_tools import LambdaUserHandler, UserException


class Greeting(LambdaUserHandler):
    async def get(self):
        return {"hello": self.request.args.get("name", "world")}

    async def post(self):
        return self.success({"echoed": self.request.json}, 202)


class Kettle(LambdaUserHandler):
    async def put(self):
        self.error(418, "short and stout")


routes = {"/greeting": Greeting, "/tools/kettle": Kettle}


async def main(request):
    return {"handler": request.headers.get("luna-handler-id")}
`;
    const created = await api("POST", "/lambdas", { name: "py-surface", language: "python", code });
    expect(created.body.status, JSON.stringify(created.body)).toBe("running");
    const pyId = created.body.lambda_id as string;
    expect(await proxy(pyId, "GET", "greeting?name=Ada")).toMatchObject({ status: 200, body: { hello: "Ada" } });
    expect(
      await proxy(pyId, "POST", "greeting", {
        body: JSON.stringify({ n: 1 }),
        headers: { "content-type": "application/json" },
      }),
    ).toMatchObject({ status: 202, body: { echoed: { n: 1 } } });
    expect(await proxy(pyId, "PUT", "tools/kettle")).toMatchObject({
      status: 418,
      body: { error_code: 42004, detail: "short and stout" },
    });
    const wrong = await proxy(pyId, "GET", "tools/kettle");
    expect([wrong.status, wrong.headers.get("allow")]).toEqual([405, "PUT"]);
    expect(Object.keys((await proxy(pyId, "GET", "docs/spec")).body.paths)).toEqual([
      "/main",
      "/greeting",
      "/tools/kettle",
      "/healthcheck",
      "/metrics",
    ]);
  });
});
