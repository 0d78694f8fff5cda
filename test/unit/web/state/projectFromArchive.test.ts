import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { encodeHandlersRequest } from "../../../../shared/lambda/requestBuilder.ts";
import { projectFromArchive } from "../../../../web/state/projectFromArchive.ts";
import { createProjectStore } from "../../../../web/state/projectStore.ts";
import { photo } from "../../../support/fixtures.ts";

describe("opening a lambda zip in the playground", () => {
  it("restores the code, the mask model and the first saved request's images and boxes; generated files are ignored", async () => {
    const grace = photo("grace_hopper_512x512.jpg");
    const request = encodeHandlersRequest(
      [{ filename: "grace.jpg", body: grace, boxes: [{ x: 150, y: 90, width: 230, height: 250 }] }],
      { sendFaceBoundingBoxes: true },
    );
    const zip = zipSync({
      "my-lambda/lambda_main.ts": strToU8("export async function main() { return { ok: 1 }; }"),
      "my-lambda/package.json": strToU8("{}"),
      "my-lambda/vendor/luna-lambda-runtime.d.ts": strToU8("export {};"),
      "my-lambda/models/mask.onnx": new Uint8Array([1, 2, 3]),
      "my-lambda/models/mask.json": strToU8('{"kind":"mask"}'),
      "my-lambda/requests/playground.msgpack": request,
      "my-lambda/requests/playground.reply.json": strToU8('{"status": 201, "body": {"ok": 1}}'),
    });
    const store = createProjectStore();
    store.getState().setTarget("browser-wasm");
    const opened = await projectFromArchive(zip, store.getState());
    expect(opened.code).toBe("export async function main() { return { ok: 1 }; }");
    expect(opened.target).toBe("browser-wasm");
    expect(opened.images).toHaveLength(1);
    expect(opened.images[0]).toMatchObject({ filename: "grace.jpg", mimetype: "image/jpeg" });
    expect(opened.images[0]!.bytes).toEqual(grace);
    expect(opened.boxes[opened.images[0]!.id]).toEqual([
      expect.objectContaining({ x: 150, y: 90, width: 230, height: 250, source: "user" }),
    ]);
    expect(opened.sendFaceBoundingBoxes).toBe(true);
    expect(opened.maskModel).toEqual({
      filename: "mask.onnx",
      bytes: new Uint8Array([1, 2, 3]),
      manifest: '{"kind":"mask"}',
    });
  });

  it("keeps the lambda's own modules next to lambda_main", async () => {
    const state = createProjectStore().getState();
    const withModule = zipSync({
      "lambda_main.ts": strToU8("export const main = 1;"),
      "lib/helpers.ts": strToU8("export const x = 1;"),
    });
    expect((await projectFromArchive(withModule, state)).modules).toEqual({ "lib/helpers.ts": "export const x = 1;" });
  });

  it("opens a standalone lambda with its saved request as the body to edit", async () => {
    const state = createProjectStore().getState();
    const zip = zipSync({
      "lambda_main.ts": strToU8("export async function main() { return {}; }"),
      "lambda.json": strToU8(JSON.stringify({ lambda_type: "standalone" })),
      "requests/first.json": strToU8('{"n": 21}'),
    });
    const opened = await projectFromArchive(zip, state);
    expect([opened.lambdaType, opened.standaloneBody, opened.standaloneContentType]).toEqual([
      "standalone",
      '{"n": 21}',
      "application/json",
    ]);
    expect(opened.images).toEqual([]);
  });

  it("refuses what it cannot hold, with the reason", async () => {
    const state = createProjectStore().getState();
    await expect(projectFromArchive(strToU8("not a zip"), state)).rejects.toThrow(/not a readable zip/);
    const badRequest = zipSync({
      "lambda_main.ts": strToU8("export const main = 1;"),
      "requests/a.msgpack": new Uint8Array([0xc1]),
    });
    await expect(projectFromArchive(badRequest, state)).rejects.toThrow(/requests\/a\.msgpack is not msgpack/);
  });
});
