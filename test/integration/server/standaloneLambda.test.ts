/** `npm run lambda -- <folder|zip>`: one lambda served alone on POST /main, using the playground's services. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { strToU8, zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../server/logger.ts";
import { serveStandaloneLambda } from "../../../server/standaloneLambda.ts";
import { SAME_PERSON_SIMILARITY } from "../../../shared/luna/similarity.ts";
import { photo } from "../../support/fixtures.ts";
import { seedRequestBody } from "../../support/lambdaHarness.ts";
import { startTestServer, type TestServer } from "../../support/testServer.ts";

const example3 = readFileSync(resolve(import.meta.dirname, "../../../shared/lambda/examples/03-similarity.ts"), "utf8");
let services: TestServer;
const dirs: string[] = [];
beforeAll(async () => {
  services = await startTestServer();
});
afterAll(async () => {
  await services.close();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

async function serve(source: string) {
  return serveStandaloneLambda({
    source,
    port: 0,
    host: "127.0.0.1",
    servicesOrigin: services.url,
    timeoutMs: 10_000,
    memoryMb: 256,
    maxBodyBytes: 16 << 20,
    allowedHosts: [],
    modelsDir: resolve(import.meta.dirname, "../../../models"),
    logger: createLogger("error"),
  });
}

async function callMain(url: string, body: Uint8Array) {
  const response = await fetch(`${url}/main`, {
    method: "POST",
    headers: { "content-type": "application/msgpack", "Luna-Account-Id": crypto.randomUUID() },
    body: body as Uint8Array<ArrayBuffer>,
  });
  return { status: response.status, body: (await response.json()) as Record<string, any>, headers: response.headers };
}

describe("standalone lambda", () => {
  it("serves a lambda folder on /main", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lambda-folder-"));
    dirs.push(dir);
    writeFileSync(join(dir, "lambda_main.ts"), example3);
    const lambda = await serve(dir);
    try {
      const reply = await callMain(
        lambda.url,
        seedRequestBody([
          { filename: "a.jpg", body: photo("franck_02045.jpg") },
          { filename: "b.jpg", body: photo("franck_03909.jpg") },
        ]),
      );
      expect(reply.status).toBe(201);
      expect(reply.body.similarity).toBeGreaterThan(SAME_PERSON_SIMILARITY);
      expect(reply.headers.get("luna-request-id")).toMatch(/^\d{10},/);
      expect((await callMain(lambda.url, seedRequestBody([]))).body.detail).toBe("expected two images in request");
    } finally {
      await lambda.close();
    }
  });

  it("serves a zip, and refuses one that does not compile", async () => {
    const dir = mkdtempSync(join(tmpdir(), "lambda-zip-"));
    dirs.push(dir);
    writeFileSync(join(dir, "ok.zip"), zipSync({ "lambda_main.ts": strToU8(example3) }));
    const lambda = await serve(join(dir, "ok.zip"));
    try {
      expect((await callMain(lambda.url, seedRequestBody([]))).status).toBe(400);
    } finally {
      await lambda.close();
    }
    writeFileSync(join(dir, "broken.zip"), zipSync({ "lambda_main.ts": strToU8("export const main = (;") }));
    await expect(serve(join(dir, "broken.zip"))).rejects.toThrow(/compilation failed:\n\s+lambda_main\.ts:1:\d+/);
  });
});

describe("standalone lambda against services that need a token", () => {
  const probe = `import type { HandlersLambdaRequest } from "luna-lambda-tools";
export async function main(request: HandlersLambdaRequest) {
  const reply = await request.clients.faces.getFace({ faceId: "00000000-0000-4000-8000-000000000000", raiseError: false });
  return { status: reply.statusCode, code: reply.json?.error_code ?? null };
}
`;

  it("reaches them with AUTH_TOKEN (added by the host), and gets their 401 without it", async () => {
    const guarded = await startTestServer({ AUTH_TOKEN: "standalone-token-0123456789" });
    const dir = mkdtempSync(join(tmpdir(), "lambda-token-"));
    dirs.push(dir);
    writeFileSync(join(dir, "lambda_main.ts"), probe);
    const options = {
      source: dir,
      port: 0,
      host: "127.0.0.1",
      servicesOrigin: guarded.url,
      timeoutMs: 10_000,
      memoryMb: 256,
      maxBodyBytes: 16 << 20,
      allowedHosts: [],
      modelsDir: resolve(import.meta.dirname, "../../../models"),
      logger: createLogger("error"),
    };
    const withToken = await serveStandaloneLambda({ ...options, servicesToken: "standalone-token-0123456789" });
    const without = await serveStandaloneLambda(options);
    try {
      expect((await callMain(withToken.url, seedRequestBody([]))).body).toEqual({ status: 404, code: 22002 });
      expect((await callMain(without.url, seedRequestBody([]))).body).toEqual({ status: 401, code: 95072 });
    } finally {
      await withToken.close();
      await without.close();
      await guarded.close();
    }
  });
});
