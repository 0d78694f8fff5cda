/**
 * The seed's lambdas, ported to TypeScript, run with luna-lambda-tools against the real services:
 * the replies the seed shows, real similarity on real photos, and what example 4 stores.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main as getFace } from "../../../../shared/lambda/examples/01-get-face.ts";
import { main as getFaceNoRaise } from "../../../../shared/lambda/examples/01b-get-face-no-raise.ts";
import { main as emotions } from "../../../../shared/lambda/examples/02-emotions.ts";
import { main as similarity } from "../../../../shared/lambda/examples/03-similarity.ts";
import { main as canonical } from "../../../../shared/lambda/examples/04-canonical-handler.ts";
import { SAME_PERSON_SIMILARITY } from "../../../../shared/luna/similarity.ts";
import { photo } from "../../../support/fixtures.ts";
import { runLambda, seedRequestBody, type LambdaMain } from "../../../support/lambdaHarness.ts";
import { startTestServer, type TestServer } from "../../../support/testServer.ts";

let server: TestServer;
const accountId = crypto.randomUUID();
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const run = (
  main: LambdaMain,
  images: { filename: string; body: Uint8Array }[],
  extra: { contentType?: string; settings?: Record<string, unknown> } = {},
) => runLambda(main, { serverUrl: server.url, accountId, body: seedRequestBody(images), ...extra });

const json = (r: { body: unknown }) => r.body as Record<string, any>;

describe("seed example 1: getFace", () => {
  it("raiseError: true → 500/42004 quoting the service's error, as in the seed", async () => {
    const reply = await run(getFace as LambdaMain, [{ filename: "empty.jpeg", body: new Uint8Array() }]);
    expect(reply.status).toBe(500);
    const body = json(reply);
    expect(body.error_code).toBe(42004);
    expect(body.desc).toBe("Lambda exception");
    const match = (body.detail as string).match(
      /^Not expected code from service: 404 GET (\S+)\/faces\/([0-9a-f-]{36}), error: (.*)$/,
    );
    expect(match, body.detail).not.toBeNull();
    expect(match![1]).toBe(`${server.url}/luna-faces/3`);
    // The quoted error is the service's raw text, slashes escaped exactly like the seed's example.
    expect(match![3]).toBe(
      `{"error_code":22002,"desc":"Object not found","detail":"Face with id '${match![2]}' not found","link":"https:\\/\\/docs.visionlabs.ai\\/info\\/luna\\/troubleshooting\\/errors-description\\/code-22002"}`,
    );
  });

  it("raiseError: false → 201 with the service's 22002 body", async () => {
    const reply = await run(getFaceNoRaise as LambdaMain, [{ filename: "empty.jpeg", body: new Uint8Array() }]);
    expect(reply.status).toBe(201);
    expect(json(reply)).toMatchObject({
      error_code: 22002,
      desc: "Object not found",
      link: "https://docs.visionlabs.ai/info/luna/troubleshooting/errors-description/code-22002",
    });
  });
});

describe("seed example 2: emotions", () => {
  it("estimates emotions on each image", async () => {
    const reply = await run(emotions as LambdaMain, [
      { filename: "hopper.jpg", body: photo("grace_hopper_512x512.jpg") },
      { filename: "coffee.png", body: photo("noface_coffee.png") },
    ]);
    expect(reply.status).toBe(201);
    const [hopper, coffee] = json(reply).result;
    expect(hopper.image_filename).toBe("hopper.jpg");
    expect(
      hopper.estimations.images_estimations[0].estimations[0].face.detection.attributes.emotions.predominant_emotion,
    ).toBe("happiness");
    expect(coffee.estimations.images_estimations[0].estimations).toEqual([]);
  });
});

describe("seed example 3: similarity", () => {
  it("scores the same person above and different people below the threshold", async () => {
    const same = await run(similarity as LambdaMain, [
      { filename: "a.jpg", body: photo("franck_01829.jpg") },
      { filename: "b.jpg", body: photo("franck_04117.jpg") },
    ]);
    const different = await run(similarity as LambdaMain, [
      { filename: "a.jpg", body: photo("franck_01829.jpg") },
      { filename: "b.jpg", body: photo("grace_hopper_512x512.jpg") },
    ]);
    expect(same.status).toBe(201);
    expect(json(same).similarity).toBeGreaterThan(SAME_PERSON_SIMILARITY);
    expect(json(different).similarity).toBeLessThan(SAME_PERSON_SIMILARITY);
  });

  it("answers ImageCountException with its status and text", async () => {
    const reply = await run(similarity as LambdaMain, [{ filename: "a.jpg", body: photo("franck_01829.jpg") }]);
    expect(reply).toEqual({
      status: 400,
      body: {
        error_code: 42004,
        desc: "Lambda exception",
        detail: "expected two images in request",
        link: "https://docs.visionlabs.ai/info/luna/troubleshooting/errors-description/code-42004",
      },
    });
  });

  it("answers FaceCountException when an image has no face", async () => {
    const reply = await run(similarity as LambdaMain, [
      { filename: "a.jpg", body: photo("franck_01829.jpg") },
      { filename: "b.png", body: photo("noface_coffee.png") },
    ]);
    expect([reply.status, json(reply).detail]).toEqual([400, "excepted one face on each image"]);
  });
});

describe("seed example 4: canonical handler", () => {
  it("stores the sample, the face and the event, and answers in the canonical shape", async () => {
    const reply = await run(canonical as LambdaMain, [
      { filename: "hopper.jpg", body: photo("grace_hopper_512x512.jpg") },
    ]);
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    const body = json(reply);
    expect(body.images).toEqual([
      {
        filename: "hopper.jpg",
        status: 1,
        error: {
          error_code: 0,
          desc: "Success",
          detail: "Success",
          link: "https://docs.visionlabs.ai/info/luna/troubleshooting/errors-description/code-0",
        },
      },
    ]);
    expect(body.filtered_detections).toEqual({ face_detections: [] });
    const event = body.events[0];
    const headers = { "Luna-Account-Id": accountId };
    const face = await fetch(event.face.url, { headers });
    expect(face.status).toBe(200);
    expect(((await face.json()) as { external_id: string }).external_id).toBe("hopper.jpg");
    const stored = await fetch(event.url, { headers });
    expect(stored.status).toBe(200);
    expect(((await stored.json()) as { face: { face_id: string } }).face.face_id).toBe(event.face.face_id);
    const sample = await fetch(event.detections[0].samples.face.url, { headers });
    expect([sample.status, sample.headers.get("content-type")]).toEqual([200, "image/jpeg"]);
    expect(event.face_attributes.basic_attributes).toMatchObject({
      age: expect.any(Number),
      gender: expect.any(Number),
      ethnicities: { predominant_ethnicity: null, estimations: null },
    });
  });
});

describe("request validation and disabled services", () => {
  it("rejects a body that is not msgpack (12017) or does not validate (12047)", async () => {
    const wrongType = await run(emotions as LambdaMain, [{ filename: "a", body: photo("astronaut.png") }], {
      contentType: "application/json",
    });
    expect([wrongType.status, json(wrongType).error_code]).toEqual([400, 12017]);
    const bad = await runLambda(emotions as LambdaMain, {
      serverUrl: server.url,
      accountId,
      body: new Uint8Array([0x81, 0xa7, 0x73, 0x6f, 0x75, 0x72, 0x63, 0x65, 0x73, 0x01]),
    });
    expect([bad.status, json(bad).error_code]).toEqual([400, 12047]);
    expect(json(bad).detail).toMatch(/sources/);
  });

  it("fails clearly when a lambda uses a service switched off by ADDITIONAL_SERVICES_USAGE", async () => {
    const reply = await run(
      canonical as LambdaMain,
      [{ filename: "hopper.jpg", body: photo("grace_hopper_512x512.jpg") }],
      {
        settings: { ADDITIONAL_SERVICES_USAGE: { luna_events: true, luna_image_store: false, luna_sender: true } },
      },
    );
    expect([reply.status, json(reply).error_code]).toEqual([500, 95060]);
    expect(json(reply).detail).toMatch(
      /Luna Image Store is disabled by ADDITIONAL_SERVICES_USAGE \(luna_image_store: false\)/,
    );
  });
});
