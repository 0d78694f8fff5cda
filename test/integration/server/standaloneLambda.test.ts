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
  return serveStandaloneLambda({ source, port: 0, host: "127.0.0.1", servicesOrigin: services.url, timeoutMs: 10_000, memoryMb: 256, maxBodyBytes: 16 << 20, allowedHosts: [], modelsDir: resolve(import.meta.dirname, "../../../models"), logger: createLogger("error") });
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
      const reply = await callMain(lambda.url, seedRequestBody([
        { filename: "a.jpg", body: photo("franck_02045.jpg") },
        { filename: "b.jpg", body: photo("franck_03909.jpg") },
      ]));
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
