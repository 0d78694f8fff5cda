/**
 * User-supplied classifiers: registering a (real, hand-built) ONNX mask classifier, using it in
 * /sdk, keeping it across a restart, refusing bad uploads, and keeping it its account's own.
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { softmax } from "../../../../shared/inference/backend.ts";
import { sdkReplySchema } from "../../../../shared/luna/schemas/sdk.ts";
import { photo } from "../../../support/fixtures.ts";
import { meanColourClassifier } from "../../../support/onnxBuilder.ts";
import { startTestServer, type TestServer } from "../../../support/testServer.ts";

const WEIGHTS = [
  [8, -4, -4], // missing: reddish
  [-4, 8, -4], // medical_mask: greenish
  [-4, -4, 8], // occluded: bluish
];
const BIAS = [0.5, 0, -0.5];
const LABELS = ["missing", "medical_mask", "occluded"] as const;
const manifest = { kind: "mask", inputSize: [32, 32], crop: "warp", labels: LABELS };
const model = meanColourClassifier([32, 32], WEIGHTS, BIAS);
const owner = crypto.randomUUID();
const stranger = crypto.randomUUID();

const dataDir = mkdtempSync(join(tmpdir(), "luna-models-test-"));
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ DATA_DIR: dataDir });
});
afterAll(async () => {
  await server.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function upload(
  manifestText: string,
  bytes: Uint8Array,
  kind = "mask",
  account: string | null = owner,
): Promise<Response> {
  const form = new FormData();
  form.append("manifest", manifestText);
  form.append(
    "model",
    new Blob([bytes as Uint8Array<ArrayBuffer>], { type: "application/octet-stream" }),
    "mean_colour.onnx",
  );
  return fetch(`${server.url}/luna-remote-sdk/1/models/${kind}`, {
    method: "PUT",
    body: form,
    headers: account ? { "Luna-Account-Id": account } : {},
  });
}

function sdkWithMask(s: TestServer, account: string | null): Promise<Response> {
  return fetch(`${s.url}/luna-remote-sdk/1/sdk?estimate_mask=1&estimate_face_warp=1`, {
    method: "POST",
    headers: { "content-type": "image/png", ...(account ? { "Luna-Account-Id": account } : {}) },
    body: photo("astronaut.png"),
  });
}

function remove(account: string | null): Promise<Response> {
  return fetch(`${server.url}/luna-remote-sdk/1/models/mask`, {
    method: "DELETE",
    headers: account ? { "Luna-Account-Id": account } : {},
  });
}

async function maskOf(s: TestServer) {
  const response = await fetch(`${s.url}/luna-remote-sdk/1/sdk?estimate_mask=1&estimate_face_warp=1`, {
    method: "POST",
    headers: { "content-type": "image/png", "Luna-Account-Id": owner },
    body: photo("astronaut.png"),
  });
  expect(response.status).toBe(200);
  return sdkReplySchema.parse(await response.json()).images_estimations[0]!.estimations[0]!.face.detection;
}

/**
 * The answer the registered classifier must give for this detection, computed independently: it
 * is linear in the warp's mean colour (0..1), then softmax.
 */
async function expectMaskEstimated(detection: Awaited<ReturnType<typeof maskOf>>): Promise<void> {
  const mask = detection.attributes.mask;
  expect(mask, "a mask estimation").toMatchObject({
    predominant_mask: expect.any(String),
    estimations: expect.any(Object),
  });
  const { data, info } = await sharp(Buffer.from(detection.warp as string, "base64"))
    .raw()
    .toBuffer({ resolveWithObject: true });
  const mean = [0, 1, 2].map((c) => {
    let sum = 0;
    for (let i = c; i < data.length; i += info.channels) sum += data[i]!;
    return sum / (data.length / info.channels) / 255;
  });
  const expected = softmax(WEIGHTS.map((row, k) => row.reduce((s, w, c) => s + w * mean[c]!, BIAS[k]!)));
  for (const [k, label] of LABELS.entries()) expect(mask!.estimations[label]).toBeCloseTo(expected[k]!, 1);
  expect(mask!.predominant_mask).toBe(LABELS[expected.indexOf(Math.max(...expected))]);
}

describe("user mask classifier", () => {
  it("is refused before one is registered", async () => {
    expect((await sdkWithMask(server, owner)).status).toBe(501);
  });

  it("registers, lists, and is used by /sdk with the manifest's labels", async () => {
    const response = await upload(JSON.stringify(manifest), model);
    expect(response.status).toBe(201);
    const registered = (await response.json()) as { sha256: string; file: string };
    expect(registered.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(registered.file).toBe("mean_colour.onnx");
    const list = (await (
      await fetch(`${server.url}/luna-remote-sdk/1/models`, { headers: { "Luna-Account-Id": owner } })
    ).json()) as { user: { kind: string }[] };
    expect(list.user.map((m) => m.kind)).toEqual(["mask"]);

    await expectMaskEstimated(await maskOf(server));
  });

  it("belongs to its account: another account or none sees no model and cannot replace or remove it", async () => {
    const code = async (r: Response) => [r.status, ((await r.json()) as { error_code: number }).error_code];
    expect(await code(await sdkWithMask(server, stranger))).toEqual([501, 95020]);
    expect(await code(await sdkWithMask(server, null))).toEqual([501, 95020]);
    const theirs = (await (
      await fetch(`${server.url}/luna-remote-sdk/1/models`, { headers: { "Luna-Account-Id": stranger } })
    ).json()) as { user: unknown[] };
    expect(theirs.user).toEqual([]);
    const anonymous = (await (await fetch(`${server.url}/luna-remote-sdk/1/models`)).json()) as { user: unknown[] };
    expect(anonymous.user).toEqual([]);
    expect(await code(await remove(stranger))).toEqual([501, 95020]);
    expect(await code(await remove(null))).toEqual([400, 95040]);
    expect(await code(await upload(JSON.stringify(manifest), model, "mask", null))).toEqual([400, 95040]);
    await expectMaskEstimated(await maskOf(server));
    const files = readdirSync(join(dataDir, "user-models"));
    expect(files).toEqual([owner]);
  });

  it("survives a restart (kept under DATA_DIR)", async () => {
    const second = await startTestServer({ DATA_DIR: dataDir });
    try {
      await expectMaskEstimated(await maskOf(second));
    } finally {
      await second.close(); // removes only its own unused temp dir; DATA_DIR belongs to the outer server
    }
  });

  it("refuses bad uploads with Luna errors and keeps the registered model", async () => {
    const code = async (r: Response) => [r.status, ((await r.json()) as { error_code: number }).error_code];
    expect(await code(await upload("{not json", model))).toEqual([400, 12031]);
    expect(await code(await upload(JSON.stringify({ ...manifest, labels: ["happy", "sad"] }), model))).toEqual([
      400, 12022,
    ]);
    expect(await code(await upload(JSON.stringify(manifest), new Uint8Array([1, 2, 3, 4])))).toEqual([400, 12031]);
    expect(await code(await upload(JSON.stringify({ ...manifest, inputName: "pixels" }), model))).toEqual([400, 12031]);
    expect(await code(await upload(JSON.stringify(manifest), model, "glasses"))).toEqual([400, 12031]);
    const plain = await fetch(`${server.url}/luna-remote-sdk/1/models/mask`, {
      method: "PUT",
      headers: { "content-type": "application/json", "Luna-Account-Id": owner },
      body: "{}",
    });
    expect(await code(plain)).toEqual([400, 12023]);
    await expectMaskEstimated(await maskOf(server));
  });

  it("can be removed, after which mask estimation is refused again", async () => {
    expect((await remove(owner)).status).toBe(204);
    expect((await sdkWithMask(server, owner)).status).toBe(501);
    expect((await remove(owner)).status).toBe(501);
  });
});
