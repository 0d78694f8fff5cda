/** /luna-remote-sdk/1/sdk and /healthcheck over real HTTP on the real server. */
import { decode, encode } from "@msgpack/msgpack";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lunaErrorBodySchema } from "../../../../shared/luna/schemas/error.ts";
import { sdkReplySchema, type SdkReply } from "../../../../shared/luna/schemas/sdk.ts";
import { photo } from "../../../support/fixtures.ts";
import { startTestServer, type TestServer } from "../../../support/testServer.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ MAX_IMAGE_PIXELS: "4000000", MAX_BODY_BYTES: "3000000", MAX_IMAGES: "4" });
});
afterAll(() => server.close());

const sdkUrl = (query = "") => `${server.url}/luna-remote-sdk/1/sdk${query ? `?${query}` : ""}`;

async function expectLunaError(response: Response, status: number, code: number): Promise<string> {
  expect(response.status).toBe(status);
  const body = lunaErrorBodySchema.parse(await response.json());
  expect(body.error_code).toBe(code);
  expect(body.link).toBe(`https://docs.visionlabs.ai/info/luna/troubleshooting/errors-description/code-${code}`);
  return body.detail;
}

async function postImage(bytes: Uint8Array<ArrayBuffer>, type: string, query = ""): Promise<Response> {
  return fetch(sdkUrl(query), { method: "POST", headers: { "content-type": type }, body: bytes });
}

describe("health and headers", () => {
  it("reports ready and lists the nine models (each loads on first use: lazyModels.test.ts)", async () => {
    const response = await fetch(`${server.url}/healthcheck`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { models: { loaded: boolean }[] };
    expect(body.models).toHaveLength(9);
    expect(response.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(response.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
    expect(response.headers.get("luna-request-id")).toMatch(/^\d{10},[0-9a-f-]{36}$/);
  });

  it("echoes a caller's Luna-Request-Id", async () => {
    const id = "1795549334,ceacbd03-73b5-4f7e-8331-8835b931a233";
    const response = await fetch(`${server.url}/healthcheck`, { headers: { "Luna-Request-Id": id } });
    expect(response.headers.get("luna-request-id")).toBe(id);
  });

  it("serves the model files with immutable cache headers", async () => {
    const response = await fetch(`${server.url}/models/fr_detect.onnx`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toMatch(/immutable/);
    expect((await response.arrayBuffer()).byteLength).toBe(1217758);
  });

  it("answers unknown routes with a Luna 404", async () => {
    await expectLunaError(await fetch(`${server.url}/luna-nothing/1/x`), 404, 95030);
  });
});

describe("POST /sdk", () => {
  it("estimates one raw JPEG body, with timings in Server-Timing", async () => {
    const response = await postImage(
      photo("grace_hopper_512x512.jpg"),
      "image/jpeg",
      "estimate_face_descriptor=1&estimate_emotions=1&estimate_landmarks5=1",
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("server-timing")).toMatch(/detect;dur=[\d.]+/);
    expect(response.headers.get("inference-backend")).toBe("onnxruntime-node/cpu");
    const reply = sdkReplySchema.parse(await response.json());
    const detection = reply.images_estimations[0]!.estimations[0]!.face.detection;
    expect(detection.attributes.emotions!.predominant_emotion).toBe("happiness");
    // JSON carries the sdk_descriptor as base64 of "dp\0\0" + version 900 + 512 bytes.
    const bytes = Buffer.from(detection.attributes.descriptor!.sdk_descriptor as string, "base64");
    expect(bytes.length).toBe(520);
    expect(bytes.subarray(0, 4).toString("latin1")).toBe("dp\0\0");
    expect(bytes.readUInt32LE(4)).toBe(900);
    expect(detection.attributes.descriptor!.version).toBe(900);
    expect(detection.landmarks5).toHaveLength(5);
  });

  it("estimates several multipart images in order", async () => {
    const form = new FormData();
    form.append("a", new Blob([photo("grace_hopper_512x512.jpg")], { type: "image/jpeg" }), "hopper.jpg");
    form.append("b", new Blob([photo("noface_coffee.png")], { type: "image/png" }), "coffee.png");
    form.append("c", new Blob([photo("picture.jpg")], { type: "image/jpeg" }), "group.jpg");
    const response = await fetch(sdkUrl(), { method: "POST", body: form });
    expect(response.status).toBe(200);
    const reply = sdkReplySchema.parse(await response.json());
    expect(reply.images_estimations.map((i) => [i.filename, i.estimations.length])).toEqual([
      ["hopper.jpg", 1],
      ["coffee.png", 0],
      ["group.jpg", 4],
    ]);
  });

  it("speaks msgpack both ways, with warps and descriptors as bytes", async () => {
    const body = encode({
      images: [
        { filename: "astronaut.png", body: photo("astronaut.png") },
        // Seed example 5's shape: detect only inside the given box.
        {
          filename: "group.jpg",
          body: photo("picture.jpg"),
          face_detection_data: [{ bounding_box: { x: 90, y: 30, width: 80, height: 80 } }],
        },
      ],
    });
    const response = await fetch(sdkUrl("estimate_face_warp=1&estimate_face_descriptor=1"), {
      method: "POST",
      headers: { "content-type": "application/msgpack", accept: "application/msgpack" },
      body,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/msgpack/);
    const reply = decode(new Uint8Array(await response.arrayBuffer())) as SdkReply;
    const [astronaut, group] = reply.images_estimations;
    const detection = astronaut!.estimations[0]!.face.detection;
    expect(detection.warp).toBeInstanceOf(Uint8Array);
    expect(detection.attributes.descriptor!.sdk_descriptor).toBeInstanceOf(Uint8Array);
    expect((await sharp(detection.warp as Uint8Array).metadata()).width).toBe(112);
    expect(group!.estimations).toHaveLength(1);
    const rect = group!.estimations[0]!.face.detection.rect;
    expect(Math.abs(rect.x + rect.width / 2 - 145)).toBeLessThan(25);
  });

  it("accepts JSON with base64 bodies", async () => {
    const body = JSON.stringify({
      images: [{ filename: "h.jpg", body: Buffer.from(photo("grace_hopper_512x512.jpg")).toString("base64") }],
    });
    const response = await fetch(sdkUrl(), { method: "POST", headers: { "content-type": "application/json" }, body });
    expect(response.status).toBe(200);
    expect(sdkReplySchema.parse(await response.json()).images_estimations[0]!.estimations).toHaveLength(1);
  });

  it("fails only the broken image's entry", async () => {
    const form = new FormData();
    form.append("a", new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0x00, 0x13])], { type: "image/jpeg" }), "broken.jpg");
    form.append("b", new Blob([photo("astronaut.png")], { type: "image/png" }), "astronaut.png");
    const reply = sdkReplySchema.parse(await (await fetch(sdkUrl(), { method: "POST", body: form })).json());
    expect(reply.images_estimations[0]).toMatchObject({ status: 0, error: { error_code: 95001 } });
    expect(reply.images_estimations[1]).toMatchObject({ status: 1 });
    expect(reply.images_estimations[1]!.estimations).toHaveLength(1);
  });

  it("refuses an image over the pixel limit in its own entry", async () => {
    const big = await sharp({ create: { width: 2100, height: 2000, channels: 3, background: "#808080" } })
      .jpeg()
      .toBuffer();
    const reply = sdkReplySchema.parse(await (await postImage(new Uint8Array(big), "image/jpeg")).json());
    expect(reply.images_estimations[0]).toMatchObject({
      status: 0,
      error: { error_code: 95002, detail: expect.stringMatching(/2100×2000/) },
    });
  });
});

describe("POST /sdk with bad requests", () => {
  it("rejects unknown and malformed flags with 12031", async () => {
    expect(
      await expectLunaError(await postImage(photo("astronaut.png"), "image/png", "estimate_emotion=1"), 400, 12031),
    ).toMatch(/estimate_emotion/);
    expect(
      await expectLunaError(await postImage(photo("astronaut.png"), "image/png", "estimate_emotions=2"), 400, 12031),
    ).toMatch(/estimate_emotions/);
  });

  it("answers flags without a model with a clear 501", async () => {
    expect(
      await expectLunaError(await postImage(photo("astronaut.png"), "image/png", "estimate_glasses=1"), 501, 95020),
    ).toMatch(/estimate_glasses/);
    expect(
      await expectLunaError(await postImage(photo("astronaut.png"), "image/png", "estimate_mask=1"), 501, 95020),
    ).toMatch(/mask classifier/);
  });

  it("rejects unsupported and missing content types", async () => {
    expect(await expectLunaError(await postImage(new TextEncoder().encode("hi"), "text/plain"), 400, 12023)).toMatch(
      /image\/jpeg/,
    );
    await expectLunaError(await fetch(sdkUrl(), { method: "POST" }), 400, 12017);
  });

  it("rejects empty bodies, bad JSON and bad msgpack", async () => {
    await expectLunaError(await postImage(new Uint8Array(), "image/jpeg"), 400, 12030);
    await expectLunaError(
      await fetch(sdkUrl(), { method: "POST", headers: { "content-type": "application/json" }, body: "{nope" }),
      400,
      12002,
    );
    expect(
      await expectLunaError(
        await fetch(sdkUrl(), {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: '{"images": []}',
        }),
        400,
        12022,
      ),
    ).toMatch(/images/);
    await expectLunaError(
      await fetch(sdkUrl(), {
        method: "POST",
        headers: { "content-type": "application/msgpack" },
        body: new Uint8Array([0xc1]),
      }),
      400,
      12047,
    );
    const wrongType = encode({ images: [{ body: "not bytes!" }] });
    expect(
      await expectLunaError(
        await fetch(sdkUrl(), { method: "POST", headers: { "content-type": "application/msgpack" }, body: wrongType }),
        400,
        12047,
      ),
    ).toMatch(/images\[0\]\.body/);
  });

  it("rejects non-image multipart parts, too many images and bodies over the limit", async () => {
    const form = new FormData();
    form.append("a", new Blob(["x"], { type: "text/plain" }), "a.txt");
    await expectLunaError(await fetch(sdkUrl(), { method: "POST", body: form }), 400, 11029);

    const many = encode({
      images: Array.from({ length: 5 }, () => ({ body: photo("astronaut.png").subarray(0, 10) })),
    });
    await expectLunaError(
      await fetch(sdkUrl(), { method: "POST", headers: { "content-type": "application/msgpack" }, body: many }),
      400,
      95004,
    );

    const huge = new Uint8Array(3_100_000);
    await expectLunaError(await postImage(huge, "image/jpeg"), 413, 95003);
  });

  it("keeps serving after bad requests", async () => {
    const response = await postImage(photo("astronaut.png"), "image/png");
    expect(response.status).toBe(200);
  });
});
