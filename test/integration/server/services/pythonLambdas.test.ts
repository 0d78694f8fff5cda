/**
 * Python lambdas on the lambda service: the seed's examples 1–4, pasted verbatim as lambda_main.py,
 * run sandboxed on Pyodide through proxy/main and answer as their TypeScript ports do; a syntax
 * error names its line at creation, a requirement we cannot install is refused, a UserException
 * subclass sets status and text, an endless loop is stopped by the timeout.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAME_PERSON_SIMILARITY } from "../../../../shared/luna/similarity.ts";
import { photo } from "../../../support/fixtures.ts";
import { seedRequestBody } from "../../../support/lambdaHarness.ts";
import { lunaHttp } from "../../../support/drivers.ts";
import { maskModelFiles } from "../../../support/onnxBuilder.ts";
import { Errors } from "../../../../shared/luna/errors.ts";

const ROUTE_NOT_FOUND = Errors.RouteNotFound.code;
import { startTestServer, type TestServer } from "../../../support/testServer.ts";

const examples = resolve(import.meta.dirname, "../../../../shared/lambda/examples/python");
const example = (file: string) => readFileSync(resolve(examples, file), "utf8");
const images = (...names: string[]) =>
  seedRequestBody(names.map((n) => ({ filename: n, body: photo(n) }))) as Uint8Array<ArrayBuffer>;

let server: TestServer;
const account = crypto.randomUUID();
let api: ReturnType<typeof lunaHttp>;
beforeAll(async () => {
  server = await startTestServer({ LAMBDA_TIMEOUT_MS: "8000" });
  api = lunaHttp(`${server.url}/luna-lambda/1`, account);
}, 120_000);
afterAll(() => server.close());

async function createPython(name: string, code: string, modules: Record<string, string> = {}) {
  return api("POST", "/lambdas", { name, lambda_type: "handlers", language: "python", code, modules });
}

async function running(name: string, code: string): Promise<string> {
  const created = await createPython(name, code);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.lambda_id as string;
  await expect
    .poll(async () => (await api("GET", `/lambdas/${id}/status`)).body.status, { timeout: 60_000 })
    .not.toBe("waiting");
  const status = await api("GET", `/lambdas/${id}/status`);
  expect(status.body, JSON.stringify(status.body)).toMatchObject({ status: "running" });
  return id;
}

async function callMain(lambdaId: string, body: Uint8Array<ArrayBuffer>) {
  const response = await fetch(`${server.url}/luna-lambda/1/lambdas/${lambdaId}/proxy/main`, {
    method: "POST",
    headers: { "Luna-Account-Id": account, "content-type": "application/msgpack" },
    body,
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe("Python lambdas (Pyodide) on the lambda service", () => {
  it("serves Pyodide's runtime files to the browser, and nothing else of the package", async () => {
    const runtime = await fetch(`${server.url}/pyodide/pyodide.mjs`);
    expect([runtime.status, runtime.headers.get("content-type")]).toEqual([200, expect.stringMatching(/javascript/)]);
    expect((await fetch(`${server.url}/pyodide/pyodide.asm.wasm`)).headers.get("content-type")).toBe(
      "application/wasm",
    );
    const other = await fetch(`${server.url}/pyodide/package.json`);
    expect(other.status).toBe(404);
    expect(((await other.json()) as { error_code: number }).error_code).toBe(ROUTE_NOT_FOUND);
  });

  it("runs seed examples 1 and 1b verbatim: 500/42004 with the service's error, and 201 with the 22002 body", async () => {
    const raising = await running("py-1", example("01-get-face.py"));
    const reply = await callMain(
      raising,
      seedRequestBody([{ filename: "empty.jpeg", body: new Uint8Array() }]) as Uint8Array<ArrayBuffer>,
    );
    expect([reply.status, reply.body.error_code]).toEqual([500, 42004]);
    expect(reply.body.detail).toMatch(
      /^Not expected code from service: 404 GET http:\/\/127\.0\.0\.1:\d+\/luna-faces\/3\/faces\/[0-9a-f-]{36}, error: \{"error_code":22002,/,
    );
    const quiet = await running("py-1b", example("01b-get-face-no-raise.py"));
    const answered = await callMain(quiet, seedRequestBody([]) as Uint8Array<ArrayBuffer>);
    expect([answered.status, answered.body.error_code]).toEqual([201, 22002]);
  }, 120_000);

  it("runs seed examples 2, 3 and 4 verbatim on real photos", async () => {
    const emotions = await running("py-2", example("02-emotions.py"));
    const two = await callMain(emotions, images("grace_hopper_512x512.jpg", "astronaut.png"));
    expect(two.status, JSON.stringify(two.body)).toBe(201);
    expect(two.body.result.map((r: any) => r.image_filename)).toEqual(["grace_hopper_512x512.jpg", "astronaut.png"]);
    expect(
      two.body.result[0].estimations.images_estimations[0].estimations[0].face.detection.attributes.emotions
        .predominant_emotion,
    ).toBe("happiness");

    // Its archive is a LUNA Lambda archive (lambda_main.py at the root) with the run saved, and imports back.
    const archive = await fetch(`${server.url}/luna-lambda/1/lambdas/${emotions}/archive`, {
      headers: { "Luna-Account-Id": account },
    });
    const zip = new Uint8Array(await archive.arrayBuffer());
    const files = unzipSync(zip);
    expect(strFromU8(files["lambda_main.py"]!)).toBe(example("02-emotions.py"));
    expect(strFromU8(files["requirements.txt"]!)).toMatch(/^luna3$/m);
    expect(strFromU8(files["README.md"]!)).toMatch(/lambdaApi\.proxyLambdaPost\(lambdaId=lambdaId, path="main"/);
    const saved = Object.keys(files).filter((n) => /^requests\/run-[^/]+\.msgpack$/.test(n));
    expect(saved).toHaveLength(1);
    expect(JSON.parse(strFromU8(files[saved[0]!.replace(".msgpack", ".reply.json")]!))).toEqual({
      status: 201,
      body: two.body,
    });
    expect(Object.keys(files).some((n) => n.startsWith("vendor/") || n === "package.json")).toBe(false);
    const reimported = await fetch(`${server.url}/luna-lambda/1/lambdas?name=py-2-again`, {
      method: "POST",
      headers: { "Luna-Account-Id": account, "content-type": "application/zip" },
      body: zip,
    });
    expect(reimported.status).toBe(201);
    const againId = ((await reimported.json()) as { lambda_id: string }).lambda_id;
    expect((await callMain(againId, images("grace_hopper_512x512.jpg"))).status).toBe(201);

    const similarity = await running("py-3", example("03-similarity.py"));
    const same = await callMain(similarity, images("franck_01829.jpg", "franck_02683.jpg"));
    const different = await callMain(similarity, images("franck_01829.jpg", "SeanConnery.jpg"));
    expect(same.status, JSON.stringify(same.body)).toBe(201);
    expect(same.body.similarity).toBeGreaterThan(SAME_PERSON_SIMILARITY);
    expect(different.body.similarity).toBeLessThan(SAME_PERSON_SIMILARITY);
    expect(await callMain(similarity, images("franck_01829.jpg"))).toMatchObject({
      status: 400,
      body: { error_code: 42004, detail: "expected two images in request" },
    });

    const canonical = await running("py-4", example("04-canonical-handler.py"));
    const stored = await callMain(canonical, images("grace_hopper_512x512.jpg"));
    expect(stored.status, JSON.stringify(stored.body)).toBe(201);
    const event = stored.body.events[0];
    expect((await fetch(event.face.url, { headers: { "Luna-Account-Id": account } })).status).toBe(200);
    expect((await fetch(event.url, { headers: { "Luna-Account-Id": account } })).status).toBe(200);
    expect(
      (await fetch(event.detections[0].samples.face.url, { headers: { "Luna-Account-Id": account } })).status,
    ).toBe(200);
    expect(stored.body.images[0]).toMatchObject({
      filename: "grace_hopper_512x512.jpg",
      status: 1,
      error: { error_code: 0, desc: "Success" },
    });
  }, 180_000);

  it("reports a syntax error with its line, refuses requirements it cannot install, answers a UserException and stops a loop", async () => {
    const broken = await createPython("py-syntax", "async def main(request):\n    return {\n");
    const id = broken.body.lambda_id as string;
    await expect
      .poll(async () => (await api("GET", `/lambdas/${id}/status`)).body.status, { timeout: 60_000 })
      .toBe("failed");
    const status = await api("GET", `/lambdas/${id}/status`);
    expect(status.body.errors[0]).toMatchObject({ file: "lambda_main.py", line: 2 });
    expect(status.body.errors[0].text).toMatch(/SyntaxError: '\{' was never closed/);

    const numpy = await createPython("py-numpy", "async def main(request):\n    return {}\n", {
      "requirements.txt": "luna3\nnumpy==2.0\n",
    });
    expect([numpy.status, numpy.body.error_code]).toEqual([400, 12031]);
    expect(numpy.body.detail).toMatch(/requirements\.txt: numpy cannot be installed here/);

    const custom = await running(
      "py-user-exception",
      'from luna_lambda_tools import UserException\n\nclass Teapot(UserException):\n    statusCode = 418\n    errorText = "short and stout"\n\nasync def main(request):\n    if request.data.sources:\n        raise Teapot\n    while True:\n        pass\n',
    );
    expect(await callMain(custom, images("grace_hopper_512x512.jpg"))).toMatchObject({
      status: 418,
      body: { error_code: 42004, detail: "short and stout" },
    });
    const looping = await callMain(custom, seedRequestBody([]) as Uint8Array<ArrayBuffer>);
    expect([looping.status, looping.body.error_code]).toEqual([500, 42004]);
    expect(looping.body.detail).toMatch(/did not answer within 8 s/);
    expect((await callMain(custom, images("grace_hopper_512x512.jpg"))).status).toBe(418);

    // UserCtx: started once per lambda process, shared by its requests.
    const counting = await running(
      "py-user-ctx",
      "from luna_lambda_tools import logger\n\n\nclass UserCtx:\n    async def onStart(self):\n        self.calls = 0\n        logger.info('started')\n\n\nasync def main(request):\n    request.userCtx.calls += 1\n    return {'calls': request.userCtx.calls}\n",
    );
    expect((await callMain(counting, seedRequestBody([]) as Uint8Array<ArrayBuffer>)).body).toEqual({ calls: 1 });
    expect((await callMain(counting, seedRequestBody([]) as Uint8Array<ArrayBuffer>)).body).toEqual({ calls: 2 });

    // Seed example 5 verbatim: lunavl's synchronous detect, warp and mask wait for the server's engine (fd 4, no JSPI in Node 20).
    const lunavl = await running("py-5", example("05-mask-in-area.py"));
    const area = seedRequestBody([
      {
        filename: "group.jpg",
        body: photo("picture.jpg"),
        faceDetectionData: [{ x: 230, y: 0, width: 90, height: 110 }],
      },
    ]) as Uint8Array<ArrayBuffer>;
    const refused = await callMain(lunavl, area);
    expect([refused.status, refused.body.error_code], JSON.stringify(refused.body)).toEqual([501, 95020]);
    const withModel = await fetch(`${server.url}/luna-lambda/1/lambdas?name=py-5-model`, {
      method: "POST",
      headers: { "Luna-Account-Id": account, "content-type": "application/zip" },
      body: zipSync({
        "lambda_main.py": strToU8(example("05-mask-in-area.py")),
        ...maskModelFiles(),
      }),
    });
    const masked = await callMain(((await withModel.json()) as { lambda_id: string }).lambda_id, area);
    expect(masked.status, JSON.stringify(masked.body)).toBe(201);
    expect(["missing", "medical_mask", "occluded"]).toContain(masked.body.results.predominant_mask);
    const emptyArea = seedRequestBody([
      {
        filename: "group.jpg",
        body: photo("picture.jpg"),
        faceDetectionData: [{ x: 0, y: 250, width: 60, height: 60 }],
      },
    ]) as Uint8Array<ArrayBuffer>;
    // As in LUNA: lunavl's detect answers one (empty) list per image, so the seed's `if not detections` passes and warps[0] fails.
    expect(await callMain(lunavl, emptyArea)).toMatchObject({
      status: 500,
      body: { error_code: 42004, detail: "IndexError: list index out of range" },
    });

    const zipped = await fetch(`${server.url}/luna-lambda/1/lambdas?name=py-zip`, {
      method: "POST",
      headers: { "Luna-Account-Id": account, "content-type": "application/zip" },
      body: zipSync({
        "lambda_main.py": strToU8(example("01b-get-face-no-raise.py")),
        "requirements.txt": strToU8("luna-lambda-tools\nluna3\n"),
      }),
    });
    expect(zipped.status).toBe(201);
  }, 180_000);
});
