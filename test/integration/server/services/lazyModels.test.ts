/**
 * Lazy models on the server (docs/inference.md): start-up loads nothing, a request loads only what
 * its flags need, PRELOAD_MODELS=all loads everything first, and a missing file still fails the
 * health check at start-up.
 */
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../../server/config.ts";
import { createLogger } from "../../../../server/logger.ts";
import { startServer } from "../../../../server/startServer.ts";
import { MODELS } from "../../../../shared/inference/models.ts";
import { lunaErrorBodySchema } from "../../../../shared/luna/schemas/error.ts";
import { sdkReplySchema } from "../../../../shared/luna/schemas/sdk.ts";
import { photo } from "../../../support/fixtures.ts";
import { MODELS_DIR } from "../../../support/nodePipeline.ts";
import { startTestServer, type TestServer } from "../../../support/testServer.ts";

const loadedModels = async (server: TestServer): Promise<string[]> => {
  const body = (await (await fetch(`${server.url}/luna-remote-sdk/1/models`)).json()) as {
    builtin: { id: string; loaded: boolean }[];
  };
  return body.builtin.filter((m) => m.loaded).map((m) => m.id);
};

const estimate = (server: TestServer, query: string) =>
  fetch(`${server.url}/luna-remote-sdk/1/sdk?${query}`, {
    method: "POST",
    headers: { "content-type": "image/jpeg" },
    body: photo("grace_hopper_512x512.jpg"),
  });

describe("a server with lazy models (the default)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it("is ready with no model loaded", async () => {
    const response = await fetch(`${server.url}/healthcheck`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { models: { id: string; loaded: boolean }[] };
    expect(body.models).toHaveLength(9);
    expect(await loadedModels(server)).toEqual([]);
  });

  it("loads only the detector, landmark and descriptor models for a descriptor-only request", async () => {
    const response = await estimate(server, "estimate_face_descriptor=1");
    expect(response.status).toBe(200);
    const face = sdkReplySchema.parse(await response.json()).images_estimations[0]!.estimations[0]!.face.detection;
    expect(face.attributes.descriptor!.version).toBe(900);
    expect(await loadedModels(server)).toEqual(["detect", "landmarks", "descriptor"]);
  });

  it("then adds just the emotion model for an emotions request", async () => {
    const response = await estimate(server, "estimate_emotions=1");
    expect(
      sdkReplySchema.parse(await response.json()).images_estimations[0]!.estimations[0]!.face.detection.attributes
        .emotions!.predominant_emotion,
    ).toBe("happiness");
    expect(await loadedModels(server)).toEqual(["detect", "landmarks", "descriptor", "emotions"]);
  });
});

describe("PRELOAD_MODELS=all", () => {
  it("has every model loaded when the server is ready", async () => {
    const server = await startTestServer({ PRELOAD_MODELS: "all" });
    try {
      expect(await loadedModels(server)).toEqual(Object.keys(MODELS));
    } finally {
      await server.close();
    }
  });
});

describe("a missing model file", () => {
  const dir = mkdtempSync(join(tmpdir(), "luna-models-"));
  const dataDir = mkdtempSync(join(tmpdir(), "luna-test-"));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("fails the health check from start-up, naming the file, though nothing is loaded", async () => {
    for (const spec of Object.values(MODELS))
      if (spec.id !== "emotions") symlinkSync(join(MODELS_DIR, spec.file), join(dir, spec.file));
    const config = loadConfig(
      { PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, MODELS_DIR: dir, LOG_LEVEL: "silent" },
      resolve(import.meta.dirname, "../../../.."),
    );
    const server = await startServer(config, createLogger("silent"));
    try {
      await expect(server.ready).rejects.toThrow(/'fr_expression\.onnx' is missing/);
      const response = await fetch(`${server.url}/healthcheck`);
      const body = lunaErrorBodySchema.parse(await response.json());
      expect(response.status).toBe(500);
      expect(body.error_code).toBe(95021);
      expect(body.detail).toMatch(/fr_expression\.onnx' is missing.*npm install/);
    } finally {
      await server.close();
    }
  });
});
