/**
 * A lambda kept between runs, as the playground keeps its server lambda: created from JSON with
 * its files, updated in place (same id, higher version) when the code changes, and answering each
 * run with one proxy call that carries the stages of its sdk calls in `Server-Timing`.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { photo } from "../../../support/fixtures.ts";
import { seedRequestBody } from "../../../support/lambdaHarness.ts";
import { maskModelFiles } from "../../../support/onnxBuilder.ts";
import { lunaHttp } from "../../../support/drivers.ts";
import { startTestServer, type TestServer } from "../../../support/testServer.ts";

const examples = resolve(import.meta.dirname, "../../../../shared/lambda/examples");
const example = (file: string) => readFileSync(resolve(examples, file), "utf8");
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

let server: TestServer;
const account = crypto.randomUUID();
let api: ReturnType<typeof lunaHttp>;
beforeAll(async () => {
  server = await startTestServer({ LAMBDA_TIMEOUT_MS: "5000" });
  api = lunaHttp(`${server.url}/luna-lambda/1`, account);
});
afterAll(() => server.close());

async function callMain(lambdaId: string, body: Uint8Array, who = account) {
  const response = await fetch(`${server.url}/luna-lambda/1/lambdas/${lambdaId}/proxy/main`, {
    method: "POST",
    headers: { "Luna-Account-Id": who, "content-type": "application/msgpack" },
    body: body as Uint8Array<ArrayBuffer>,
  });
  return { status: response.status, body: (await response.json()) as Record<string, any>, headers: response.headers };
}

const maskFiles = Object.entries(maskModelFiles()).map(([path, bytes]) => ({ path, base64: base64(bytes) }));

const trivial = (answer: string) => `export async function main() { return { answer: ${JSON.stringify(answer)} }; }\n`;

describe("a kept lambda", () => {
  it("gets its files from a JSON create: seed example 5 with the project's mask model answers 201", async () => {
    const created = await api("POST", "/lambdas", {
      name: "example-5",
      code: example("05-mask-in-area.ts"),
      files: maskFiles,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ status: "running", errors: null, lambda_version: 1 });
    expect(created.body.proxy_url).toBe(`${server.url}/luna-lambda/1/lambdas/${created.body.lambda_id}/proxy/main`);
    const body = seedRequestBody([
      {
        filename: "group.jpg",
        body: photo("picture.jpg"),
        faceDetectionData: [{ x: 230, y: 0, width: 90, height: 110 }],
      },
    ]);
    const reply = await callMain(created.body.lambda_id, body);
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(["missing", "medical_mask", "occluded"]).toContain(reply.body.results.predominant_mask);
  });

  it("answers a compile error from create itself, with its line", async () => {
    const created = await api("POST", "/lambdas", {
      name: "broken",
      code: "export async function main() {\n  return ;;;}\n}\n",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: "failed", errors: [{ file: "lambda_main.ts", line: 3, column: 0 }] });
  });

  it("is updated in place: same id, next version, the new code answers", async () => {
    const created = await api("POST", "/lambdas", { name: "kept", code: trivial("one") });
    const id = created.body.lambda_id as string;
    expect((await callMain(id, seedRequestBody([]))).body).toEqual({ answer: "one" });

    const updated = await api("PUT", `/lambdas/${id}`, { name: "kept", code: trivial("two") });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({ lambda_id: id, status: "running", lambda_version: 2 });
    const reply = await callMain(id, seedRequestBody([]));
    expect([reply.status, reply.body, reply.headers.get("lambda-version")]).toEqual([201, { answer: "two" }, "2"]);

    const broken = await api("PUT", `/lambdas/${id}`, { name: "kept", code: "export async function main( {" });
    expect(broken.body).toMatchObject({
      status: "failed",
      lambda_version: 3,
      errors: [{ file: "lambda_main.ts", line: 1 }],
    });
    expect((await callMain(id, seedRequestBody([]))).status).toBe(409);
    const fixed = await api("PUT", `/lambdas/${id}`, { name: "kept", code: trivial("three") });
    expect(fixed.body).toMatchObject({ status: "running", lambda_version: 4 });
    expect((await callMain(id, seedRequestBody([]))).body).toEqual({ answer: "three" });
  });

  it("keeps answering with its old code when an update imports what it may not", async () => {
    const id = (await api("POST", "/lambdas", { name: "guarded", code: trivial("safe") })).body.lambda_id as string;
    const refused = await api("PUT", `/lambdas/${id}`, {
      name: "guarded",
      code: `import { readFileSync } from "node:fs";\nexport async function main() { return readFileSync("/etc/passwd", "utf8"); }\n`,
    });
    expect([refused.status, refused.body.error_code]).toEqual([400, 12031]);
    expect(refused.body.detail).toMatch(/node:fs/);
    expect((await api("GET", `/lambdas/${id}`)).body).toMatchObject({ status: "running", lambda_version: 1 });
    expect((await callMain(id, seedRequestBody([]))).body).toEqual({ answer: "safe" });
  });

  it("refuses bad update bodies with Luna errors, and another account's lambda is not found", async () => {
    const id = (await api("POST", "/lambdas", { name: "mine", code: trivial("mine") })).body.lambda_id as string;
    const overEntry = await api("PUT", `/lambdas/${id}`, {
      name: "mine",
      code: trivial("x"),
      files: [{ path: "lambda_main.ts", base64: base64(new TextEncoder().encode(trivial("evil"))) }],
    });
    expect([overEntry.status, overEntry.body.error_code]).toEqual([400, 12022]);
    expect(overEntry.body.detail).toMatch(/files\[0\]\.path/);
    const outside = await api("PUT", `/lambdas/${id}`, {
      name: "mine",
      code: trivial("x"),
      files: [{ path: "../../etc/x.bin", base64: "AAAA" }],
    });
    expect([outside.status, outside.body.error_code]).toEqual([400, 12022]);
    const unknown = await api("PUT", `/lambdas/${id}`, { name: "mine", code: trivial("x"), colour: "red" });
    expect(unknown.status).toBe(400);
    const badLogsQuery = await api("GET", `/lambdas/${id}/logs?colour=red`);
    expect([badLogsQuery.status, badLogsQuery.body.error_code]).toEqual([400, 12031]);
    const longRequestId = await api("GET", `/lambdas/${id}/logs?request_id=${"x".repeat(300)}`);
    expect([longRequestId.status, longRequestId.body.error_code]).toEqual([400, 12031]);
    const stranger = lunaHttp(`${server.url}/luna-lambda/1`, crypto.randomUUID());
    const foreign = await stranger("PUT", `/lambdas/${id}`, { name: "mine", code: trivial("stolen") });
    expect([foreign.status, foreign.body.error_code]).toEqual([404, 42001]);
    expect((await callMain(id, seedRequestBody([]))).body).toEqual({ answer: "mine" });
  });

  it("sends the stages of its sdk calls in Server-Timing (seed example 2 on a real photo)", async () => {
    const id = (await api("POST", "/lambdas", { name: "example-2", code: example("02-emotions.ts") })).body
      .lambda_id as string;
    const reply = await callMain(id, seedRequestBody([{ filename: "astronaut.png", body: photo("astronaut.png") }]));
    expect(reply.status).toBe(201);
    const timing = Object.fromEntries(
      (reply.headers.get("server-timing") ?? "").split(",").map((part) => {
        const [name, dur] = part.trim().split(";");
        return [name, Number(dur?.replace("dur=", ""))];
      }),
    );
    for (const stage of ["decode", "detect", "emotions", "lambda"])
      expect(timing[stage], reply.headers.get("server-timing") ?? "no Server-Timing").toBeGreaterThan(0);
    // The lambda's wall time holds its sdk call's stages.
    expect(timing.lambda).toBeGreaterThan(timing.detect! + timing.emotions!);
  });

  it("answers requests concurrently, each logging with its own request id", async () => {
    // The first request to arrive waits until the second has: one at a time, it could never answer.
    const code = `import { logger } from "luna-lambda-tools";
let arrived: (() => void) | null = null;
const second = new Promise<void>((resolve) => (arrived = resolve));
let calls = 0;
export async function main(request: { body: unknown }) {
  const n = ++calls;
  if (n === 1) await second;
  else arrived!();
  logger.info("call " + n);
  return { call: n };
}
`;
    const id = (await api("POST", "/lambdas", { name: "rendezvous", code })).body.lambda_id as string;
    const post = (requestId: string) =>
      fetch(`${server.url}/luna-lambda/1/lambdas/${id}/proxy/main`, {
        method: "POST",
        headers: { "Luna-Account-Id": account, "content-type": "application/msgpack", "Luna-Request-Id": requestId },
        body: seedRequestBody([]) as Uint8Array<ArrayBuffer>,
      });
    const ids = [
      `${Math.floor(Date.now() / 1000)},${crypto.randomUUID()}`,
      `${Math.floor(Date.now() / 1000)},${crypto.randomUUID()}`,
    ];
    // Whichever arrives first waits for the other.
    const replies = await Promise.all([post(ids[0]!), post(ids[1]!)]);
    const bodies = await Promise.all(replies.map((r) => r.json()));
    expect(replies.map((r) => r.status)).toEqual([201, 201]);
    expect(new Set(bodies.map((b) => b.call))).toEqual(new Set([1, 2]));
    const logs = (await api("GET", `/lambdas/${id}/logs`)).body.logs as { requestId: string; message: string }[];
    const lines = logs.filter((l) => l.message.startsWith("call "));
    expect(lines).toHaveLength(2);
    for (const [index, body] of bodies.entries())
      expect(lines.find((l) => l.message === `call ${body.call}`)?.requestId).toBe(ids[index]);
  });
});
