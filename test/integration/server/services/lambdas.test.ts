/**
 * The lambda service through its Luna API only: create the seed's example lambdas from code, call
 * them through proxy/main with msgpack bodies built like the seed's requests, and check that bad
 * lambdas (loops, throws, exits, unbounded memory) disturb nothing else.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAME_PERSON_SIMILARITY } from "../../../../shared/luna/similarity.ts";
import { photo } from "../../../support/fixtures.ts";
import { seedRequestBody } from "../../../support/lambdaHarness.ts";
import { maskModelFiles } from "../../../support/onnxBuilder.ts";
import { lunaHttp } from "../../../support/drivers.ts";
import { startTestServer, type TestServer } from "../../../support/testServer.ts";
import { RUN_ONCE_ACCOUNT } from "../../../../server/runtime/lambdaHost.ts";

const examples = resolve(import.meta.dirname, "../../../../shared/lambda/examples");
const example = (file: string) => readFileSync(resolve(examples, file), "utf8");

let server: TestServer;
const account = crypto.randomUUID();
let api: ReturnType<typeof lunaHttp>;
beforeAll(async () => {
  server = await startTestServer({ LAMBDA_TIMEOUT_MS: "3000", LAMBDA_MEMORY_MB: "96" });
  api = lunaHttp(`${server.url}/luna-lambda/1`, account);
});
afterAll(() => server.close());

async function createLambda(name: string, code: string, settings: Record<string, unknown> = {}): Promise<string> {
  const created = await api("POST", "/lambdas", { name, lambda_type: "handlers", code, settings });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.lambda_id as string;
}

async function callMain(lambdaId: string, body: Uint8Array<ArrayBuffer>, who = account) {
  const response = await fetch(`${server.url}/luna-lambda/1/lambdas/${lambdaId}/proxy/main`, {
    method: "POST",
    headers: { "Luna-Account-Id": who, "content-type": "application/msgpack" },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, any>, headers: response.headers };
}

const images = (...names: string[]) =>
  seedRequestBody(names.map((n) => ({ filename: n, body: photo(n) }))) as Uint8Array<ArrayBuffer>;

describe("lambda service", () => {
  it("runs seed example 1 (raiseError true) and answers 500/42004 with the seed's detail", async () => {
    const id = await createLambda("example-1", example("01-get-face.ts"));
    const reply = await callMain(
      id,
      seedRequestBody([{ filename: "empty.jpeg", body: new Uint8Array() }]) as Uint8Array<ArrayBuffer>,
    );
    expect(reply.status).toBe(500);
    expect(reply.body.error_code).toBe(42004);
    expect(reply.body.detail).toMatch(
      /^Not expected code from service: 404 GET http:\/\/127\.0\.0\.1:\d+\/luna-faces\/3\/faces\/[0-9a-f-]{36}, error: \{"error_code":22002,/,
    );
    expect(reply.headers.get("lambda-version")).toBe("1");
    expect(reply.headers.get("luna-request-id")).toMatch(/^\d{10},/);
    const status = await api("GET", `/lambdas/${id}`);
    expect(status.body).toMatchObject({ lambda_id: id, status: "running", lambda_type: "handlers", errors: null });
  });

  it("runs seed examples 3 and 4 on real photos", async () => {
    const similarity = await createLambda("example-3", example("03-similarity.ts"));
    const same = await callMain(similarity, images("franck_01829.jpg", "franck_02683.jpg"));
    const different = await callMain(similarity, images("franck_01829.jpg", "SeanConnery.jpg"));
    expect(same.status).toBe(201);
    expect(same.body.similarity).toBeGreaterThan(SAME_PERSON_SIMILARITY);
    expect(different.body.similarity).toBeLessThan(SAME_PERSON_SIMILARITY);
    expect(await callMain(similarity, images("franck_01829.jpg"))).toMatchObject({
      status: 400,
      body: { error_code: 42004, detail: "expected two images in request" },
    });

    const canonical = await createLambda("example-4", example("04-canonical-handler.ts"));
    const reply = await callMain(canonical, images("grace_hopper_512x512.jpg"));
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const faceUrl = reply.body.events[0].face.url as string;
    expect((await fetch(faceUrl, { headers: { "Luna-Account-Id": account } })).status).toBe(200);
  });

  it("reports compile errors with line and column, and refuses to run a failed lambda", async () => {
    const id = await createLambda("broken", "export async function main() {\n  const x = ;\n  return { x };\n}\n");
    // A call to a lambda still building waits for its build to settle, so no status polling is needed.
    const reply = await callMain(id, seedRequestBody([]) as Uint8Array<ArrayBuffer>);
    expect([reply.status, reply.body.error_code]).toEqual([409, 95061]);
    const status = await api("GET", `/lambdas/${id}/status`);
    expect(status.body.status).toBe("failed");
    expect(status.body.errors[0]).toMatchObject({
      file: "lambda_main.ts",
      line: 2,
      column: 12,
      text: 'Unexpected ";"',
    });
  });

  it("survives lambdas that loop, exit, exhaust memory or write files, and keeps serving others", async () => {
    const bad = await createLambda(
      "misbehaving",
      `import { HandlersLambdaRequest } from "luna-lambda-tools";
       export async function main(request: HandlersLambdaRequest) {
         const mode = request.data.sources[0]?.filename;
         if (mode === "loop") while (true) {}
         if (mode === "exit") process.exit(3);
         if (mode === "oom") { const keep: number[][] = []; while (true) keep.push(new Array(1e6).fill(1)); }
         if (mode === "write") { const fs = await import(["node", "fs"].join(":")); fs.writeFileSync("/tmp/escaped-lambda.txt", "x"); }
         if (mode === "env") return { env: Object.keys(process.env) };
         return { ok: true };
       }`,
    );
    const good = await createLambda("well-behaved", example("01b-get-face-no-raise.ts"));
    const call = (mode: string) =>
      callMain(bad, seedRequestBody([{ filename: mode, body: new Uint8Array([1]) }]) as Uint8Array<ArrayBuffer>);
    const goodCall = () =>
      callMain(good, seedRequestBody([{ filename: "x", body: new Uint8Array([1]) }]) as Uint8Array<ArrayBuffer>);

    const [looping, meanwhile] = await Promise.all([call("loop"), goodCall()]);
    expect(meanwhile.status).toBe(201);
    expect([looping.status, looping.body.error_code]).toEqual([500, 42004]);
    expect(looping.body.detail).toMatch(/did not answer within 3 s/);
    expect((await call("exit")).body.detail).toMatch(/exited \(code 3\)/);
    expect((await call("oom")).body.detail).toMatch(/ran out of memory/);
    expect((await call("write")).body.detail).toMatch(/restricted/);
    expect((await call("env")).body.env).toEqual(expect.not.arrayContaining(["DATA_DIR", "PATH", "HOME"]));
    expect((await call("ok")).body).toEqual({ ok: true });
    expect((await goodCall()).status).toBe(201);
    const logs = await api("GET", `/lambdas/${bad}/logs`);
    expect(logs.body.logs.some((l: { message: string }) => /compiled in/.test(l.message))).toBe(true);
  });

  it("exports a lambda as a project zip with its runs, and imports that zip back with them", async () => {
    const id = await createLambda("Emotions, exported!", example("02-emotions.ts"));
    const run = await callMain(
      id,
      seedRequestBody([
        { filename: "one-face.jpg", body: photo("grace_hopper_512x512.jpg") },
      ]) as Uint8Array<ArrayBuffer>,
    );
    expect(run.status).toBe(201);
    const archive = await fetch(`${server.url}/luna-lambda/1/lambdas/${id}/archive`, {
      headers: { "Luna-Account-Id": account },
    });
    expect(archive.status).toBe(200);
    expect(archive.headers.get("content-type")).toBe("application/zip");
    expect(archive.headers.get("content-disposition")).toMatch(/filename="?emotions-exported\.zip"?$/);
    const zip = new Uint8Array(await archive.arrayBuffer());
    const files = unzipSync(zip);
    const names = Object.keys(files);
    for (const expected of [
      "lambda_main.ts",
      "lambda.json",
      "package.json",
      "tsconfig.json",
      "README.md",
      "Dockerfile",
      "k8s/deployment.yaml",
      "k8s/service.yaml",
      "k8s/configmap.yaml",
      "vendor/luna-lambda-runtime.mjs",
      "vendor/luna-lambda-runtime.d.ts",
      "vendor/package.json",
    ]) {
      expect(names).toContain(`emotions-exported/${expected}`);
    }
    const saved = names.filter((n) => /requests\/run-[^/]+\.msgpack$/.test(n));
    expect(saved).toHaveLength(1);
    const reply = JSON.parse(strFromU8(files[saved[0]!.replace(".msgpack", ".reply.json")]!));
    expect(reply).toEqual({ status: 201, body: run.body });
    expect(names.some((n) => n.endsWith("/one-face.jpg"))).toBe(true);
    // Its README's upload line for a playground carries the access token header.
    expect(strFromU8(files["emotions-exported/README.md"]!)).toMatch(
      /lambdas\?name=emotions-exported'[^`]*-H "Authorization: Bearer \$AUTH_TOKEN"[^`]*--data-binary @emotions-exported\.zip/,
    );

    // The exported zip creates the same lambda again, with the saved run (and nothing generated) kept.
    const imported = await fetch(`${server.url}/luna-lambda/1/lambdas`, {
      method: "POST",
      headers: { "Luna-Account-Id": account, "content-type": "application/zip" },
      body: zip,
    });
    expect(imported.status).toBe(201);
    const { lambda_id: importedId } = (await imported.json()) as { lambda_id: string };
    expect((await api("GET", `/lambdas/${importedId}`)).body).toMatchObject({
      name: "Emotions, exported!",
      lambda_type: "handlers",
    });
    const again = unzipSync(
      new Uint8Array(
        await (
          await fetch(`${server.url}/luna-lambda/1/lambdas/${importedId}/archive`, {
            headers: { "Luna-Account-Id": account },
          })
        ).arrayBuffer(),
      ),
    );
    expect(Object.keys(again).filter((n) => n.endsWith(".msgpack"))).toEqual(saved);
    expect(Object.keys(again).filter((n) => n.includes("/vendor/"))).toHaveLength(3);
  });

  it("exports code the page holds, running a request without a reply once on the server for it", async () => {
    const body = seedRequestBody([{ filename: "grace.jpg", body: photo("grace_hopper_512x512.jpg") }]);
    const response = await fetch(`${server.url}/luna-lambda/1/export`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "from the page",
        code: example("02-emotions.ts"),
        requests: [
          { name: "playground", body: Buffer.from(body).toString("base64"), headers: { "luna-account-id": account } },
        ],
      }),
    });
    expect(response.status).toBe(200);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const reply = JSON.parse(strFromU8(files["from-the-page/requests/playground.reply.json"]!));
    expect(reply.status).toBe(201);
    expect(
      reply.body.result[0].estimations.images_estimations[0].estimations[0].face.detection.attributes.emotions
        .predominant_emotion,
    ).toBe("happiness");
    // The throw-away lambda it ran in is gone (its requests ran with the page's account).
    const runOnceLambdas = await lunaHttp(`${server.url}/luna-lambda/1`, RUN_ONCE_ACCOUNT)("GET", "/lambdas");
    expect([runOnceLambdas.status, runOnceLambdas.body.lambdas]).toEqual([200, []]);
    const broken = await fetch(`${server.url}/luna-lambda/1/export`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "broken",
        code: "export const main = (;",
        requests: [{ name: "r", body: Buffer.from(body).toString("base64") }],
      }),
    });
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { detail: string }).detail).toMatch(
      /the lambda does not compile: lambda_main\.ts:1:/,
    );
  });

  it("refuses bad export bodies with Luna errors", async () => {
    const exportBody = async (body: unknown) => {
      const response = await fetch(`${server.url}/luna-lambda/1/export`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as { error_code: number; detail: string } };
    };
    const code = "export async function main() { return {}; }";
    expect((await exportBody({})).body.error_code).toBe(12022);
    const traversal = await exportBody({ name: "x", code, files: [{ path: "../../etc/passwd", base64: "AA==" }] });
    // Refused by the body's schema, naming the field, before anything runs or is written.
    expect([traversal.status, traversal.body.error_code, traversal.body.detail]).toEqual([
      400,
      12022,
      expect.stringMatching(/'files\[0\]\.path' message: 'unsafe file path/),
    ]);
    expect(
      (await exportBody({ name: "x", code, files: [{ path: "package.json", base64: "AA==" }] })).body.detail,
    ).toMatch(/generated by the export/);
    expect(
      (await exportBody({ name: "x", code, requests: [{ name: "r", body: "not base64!" }] })).body.error_code,
    ).toBe(12022);
    const cookie = await exportBody({
      name: "x",
      code,
      requests: [{ name: "r", body: "gA==", headers: { cookie: "secret" } }],
    });
    expect([cookie.status, cookie.body.error_code, cookie.body.detail]).toEqual([
      400,
      12022,
      expect.stringMatching(/'requests\[0\]\.headers\.cookie' message: 'Luna or custom header names/),
    ]);
    const notMsgpack = await exportBody({ name: "x", code, requests: [{ name: "r", body: "wQ==" }] });
    expect([notMsgpack.status, notMsgpack.body.detail]).toEqual([400, "export: request 'r' is not msgpack"]);
    const badZip = await fetch(`${server.url}/luna-lambda/1/lambdas`, {
      method: "POST",
      headers: { "Luna-Account-Id": account, "content-type": "application/zip" },
      body: zipSync({
        "lambda_main.ts": strToU8(code),
        "requests/a.msgpack": new Uint8Array([0x80]),
        "requests/a.reply.json": strToU8('{"status": 99}'),
      }),
    });
    expect(badZip.status).toBe(400);
    expect(((await badZip.json()) as { detail: string }).detail).toMatch(/requests\/a\.reply\.json: status/);
    const badHeaders = await fetch(`${server.url}/luna-lambda/1/lambdas`, {
      method: "POST",
      headers: { "Luna-Account-Id": account, "content-type": "application/zip" },
      body: zipSync({
        "lambda_main.ts": strToU8(code),
        "requests/a.msgpack": new Uint8Array([0x80]),
        "requests/a.headers.json": strToU8('{"cookie": "x"}'),
      }),
    });
    expect(badHeaders.status).toBe(400);
    expect(((await badHeaders.json()) as { detail: string }).detail).toMatch(
      /requests\/a\.headers\.json: cookie: Luna or custom header names/,
    );
  });

  it("keeps lambdas to their account and answers unknown ones with 42001", async () => {
    const id = await createLambda("private", example("01b-get-face-no-raise.ts"));
    const other = await callMain(id, seedRequestBody([]) as Uint8Array<ArrayBuffer>, crypto.randomUUID());
    expect([other.status, other.body.error_code]).toEqual([404, 42001]);
    expect((await api("GET", `/lambdas/${crypto.randomUUID()}`)).body.error_code).toBe(42001);
    expect((await api("GET", `/lambdas/${crypto.randomUUID()}/archive`)).body.error_code).toBe(42001);
    expect(
      (await lunaHttp(`${server.url}/luna-lambda/1`, crypto.randomUUID())("GET", `/lambdas/${id}/archive`)).status,
    ).toBe(404);
    expect((await api("POST", "/lambdas", { name: "x", code: "" })).body.error_code).toBe(12022);
    expect(
      (
        await api("POST", "/lambdas", {
          name: "x",
          code: "export const main = 1",
          settings: { LUNA_FACES_ADDRESS: { origin: "nope", api_version: 3 } },
        })
      ).body.detail,
    ).toMatch(/settings\.LUNA_FACES_ADDRESS\.origin/);
    const badModule = await api("POST", "/lambdas", {
      name: "x",
      code: "export const main = 1",
      modules: { "../escape.ts": "x" },
    });
    expect([badModule.status, badModule.body.error_code]).toEqual([400, 12022]);
    const otherPath = await fetch(`${server.url}/luna-lambda/1/lambdas/${id}/proxy/other`, {
      method: "POST",
      headers: { "Luna-Account-Id": account, "content-type": "application/msgpack" },
      body: seedRequestBody([]) as Uint8Array<ArrayBuffer>,
    });
    expect([otherPath.status, ((await otherPath.json()) as { error_code: number }).error_code]).toEqual([404, 95062]);
    expect((await api("DELETE", `/lambdas/${id}`)).status).toBe(204);
    expect((await callMain(id, seedRequestBody([]) as Uint8Array<ArrayBuffer>)).status).toBe(404);
  });

  it("creates a lambda from a zip with modules, lambda.json and extra files", async () => {
    const zip = zipSync({
      "my-lambda/lambda_main.ts": strToU8(
        `import { StandaloneLambdaRequest } from "luna-lambda-tools";
         import { greet } from "./lib/greet.ts";
         export class UserCtx { started = 0; async onStart() { this.started = Date.now(); } }
         export async function main(request: StandaloneLambdaRequest) {
           const ctx = request.userCtx as UserCtx;
           return { greeting: greet((request.json as { who: string }).who), started: ctx.started > 0, events: request.clients.enabled.events };
         }`,
      ),
      "my-lambda/lib/greet.ts": strToU8("export const greet = (who: string) => `hello, ${who}`;"),
      "my-lambda/lambda.json": strToU8(
        JSON.stringify({
          lambda_type: "standalone",
          settings: { ADDITIONAL_SERVICES_USAGE: { luna_events: false, luna_image_store: true, luna_sender: true } },
        }),
      ),
      "my-lambda/models/readme.txt": strToU8("user models go here"),
    });
    const created = await fetch(`${server.url}/luna-lambda/1/lambdas?name=zipped`, {
      method: "POST",
      headers: { "Luna-Account-Id": account, "content-type": "application/zip" },
      body: zip as Uint8Array<ArrayBuffer>,
    });
    expect(created.status).toBe(201);
    const { lambda_id } = (await created.json()) as { lambda_id: string };
    const reply = await fetch(`${server.url}/luna-lambda/1/lambdas/${lambda_id}/proxy/main`, {
      method: "POST",
      headers: { "Luna-Account-Id": account, "content-type": "application/json" },
      body: JSON.stringify({ who: "luna" }),
    });
    // A standalone lambda answers 200; UserCtx.onStart ran; lambda.json's settings apply.
    expect(reply.status).toBe(200);
    expect(await reply.json()).toEqual({ greeting: "hello, luna", started: true, events: false });
    expect((await api("GET", `/lambdas/${lambda_id}`)).body).toMatchObject({
      name: "zipped",
      lambda_type: "standalone",
    });
  });

  it("refuses broken archives clearly", async () => {
    const post = async (body: Uint8Array) => {
      const r = await fetch(`${server.url}/luna-lambda/1/lambdas`, {
        method: "POST",
        headers: { "Luna-Account-Id": account, "content-type": "application/zip" },
        body: body as Uint8Array<ArrayBuffer>,
      });
      return [r.status, ((await r.json()) as { detail: string }).detail];
    };
    expect(await post(strToU8("not a zip"))).toEqual([400, expect.stringMatching(/not a readable zip/)]);
    expect(await post(zipSync({ "lambda_main.ts": strToU8("x"), "../escape.ts": strToU8("x") }))).toEqual([
      400,
      expect.stringMatching(/unsafe path '\.\.\/escape\.ts'/),
    ]);
    expect(await post(zipSync({ "main.ts": strToU8("x") }))).toEqual([
      400,
      expect.stringMatching(
        /lambda_main\.ts \(TypeScript\) or lambda_main\.py \(Python\) must be at the archive's root/,
      ),
    ]);
    expect(await post(zipSync({ "lambda_main.ts": strToU8("x"), "lambda_main.py": strToU8("x") }))).toEqual([
      400,
      expect.stringMatching(/both lambda_main\.ts and lambda_main\.py/),
    ]);
    expect(await post(zipSync({ "lambda_main.ts": strToU8("x"), "lambda.json": strToU8("{") }))).toEqual([
      400,
      expect.stringMatching(/lambda\.json is not JSON/),
    ]);
    expect(
      await post(zipSync({ "lambda_main.ts": strToU8("x"), "lambda.json": strToU8('{"lambda_type": "tasks"}') })),
    ).toEqual([400, expect.stringMatching(/lambda_type/)]);
  });

  it("runs seed example 5: detection inside the drawn area, warp, and the lambda's own mask model", async () => {
    // The group photo; the caller drew a box around the second face from the left (x ≈ 275).
    const body = seedRequestBody([
      {
        filename: "group.jpg",
        body: photo("picture.jpg"),
        faceDetectionData: [{ x: 230, y: 0, width: 90, height: 110 }],
      },
    ]) as Uint8Array<ArrayBuffer>;
    const withoutModel = await createLambda("example-5-no-model", example("05-mask-in-area.ts"));
    const refused = await callMain(withoutModel, body);
    expect([refused.status, refused.body.error_code]).toEqual([501, 95020]);
    expect(refused.body.detail).toMatch(/models\/mask\.onnx and models\/mask\.json/);

    const zip = zipSync({
      "lambda_main.ts": strToU8(example("05-mask-in-area.ts")),
      ...maskModelFiles(),
    });
    const created = await fetch(`${server.url}/luna-lambda/1/lambdas?name=example-5`, {
      method: "POST",
      headers: { "Luna-Account-Id": account, "content-type": "application/zip" },
      body: zip as Uint8Array<ArrayBuffer>,
    });
    const { lambda_id } = (await created.json()) as { lambda_id: string };
    const reply = await callMain(lambda_id, body);
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const mask = reply.body.results as { predominant_mask: string; estimations: Record<string, number> };
    expect(["missing", "medical_mask", "occluded"]).toContain(mask.predominant_mask);
    expect(Object.values(mask.estimations).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);

    const emptyArea = seedRequestBody([
      {
        filename: "group.jpg",
        body: photo("picture.jpg"),
        faceDetectionData: [{ x: 0, y: 250, width: 60, height: 60 }],
      },
    ]) as Uint8Array<ArrayBuffer>;
    expect(await callMain(lambda_id, emptyArea)).toMatchObject({
      status: 400,
      body: { detail: "failed to get face detection from image" },
    });
  });

  it("runs seed example 2 (emotions) through proxy/main", async () => {
    const id = await createLambda("example-2", example("02-emotions.ts"));
    const reply = await callMain(id, images("astronaut.png"));
    expect(reply.status).toBe(201);
    expect(
      reply.body.result[0].estimations.images_estimations[0].estimations[0].face.detection.attributes.emotions
        .predominant_emotion,
    ).toBe("happiness");
  });
});
