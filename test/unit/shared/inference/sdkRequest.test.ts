import { decode, encode } from "@msgpack/msgpack";
import { describe, expect, it } from "vitest";
import { answerSdkRequest } from "../../../../shared/inference/sdkRequest.ts";
import type { FacePipeline } from "../../../../shared/inference/pipeline.ts";

// Every case here fails before estimation: a pipeline that would run is a test failure.
const pipeline = {
  estimate: () => {
    throw new Error("estimate must not be reached");
  },
} as unknown as FacePipeline;

async function ask(query: Record<string, string>, contentType: string, body: Uint8Array, accept = "application/json") {
  const reply = await answerSdkRequest(pipeline, { query, contentType, body, accept }, { maxImages: 2 });
  const value =
    reply.contentType === "application/msgpack" ? decode(reply.body) : JSON.parse(new TextDecoder().decode(reply.body));
  return { status: reply.status, body: value as { error_code: number; detail: string } };
}

const images = (n: number) =>
  encode({
    images: Array.from({ length: n }, (_, i) => ({ filename: `${i}.jpg`, body: new Uint8Array([0xff, 0xd8]) })),
  });

describe("answerSdkRequest (the /sdk contract the browser worker answers)", () => {
  it("rejects unknown flags (12031) and flags without a model (501 / 95020)", async () => {
    expect(await ask({ estimate_everything: "1" }, "application/msgpack", images(1))).toMatchObject({
      status: 400,
      body: { error_code: 12031 },
    });
    expect(await ask({ estimate_gaze: "1" }, "application/msgpack", images(1))).toMatchObject({
      status: 501,
      body: { error_code: 95020 },
    });
  });

  it("rejects bad bodies with their Luna codes, in the format the caller accepts", async () => {
    expect(await ask({}, "application/msgpack", new Uint8Array([0xc1]))).toMatchObject({
      status: 400,
      body: { error_code: 12047 },
    });
    expect(await ask({}, "application/json", new TextEncoder().encode("{"))).toMatchObject({
      status: 400,
      body: { error_code: 12002 },
    });
    expect(await ask({}, "application/json", new TextEncoder().encode('{"images": [{"body": 5}]}'))).toMatchObject({
      status: 400,
      body: { error_code: 12022 },
    });
    expect(await ask({}, "text/plain", images(1))).toMatchObject({ status: 400, body: { error_code: 12023 } });
    expect(await ask({}, "application/msgpack", new Uint8Array())).toMatchObject({
      status: 400,
      body: { error_code: 12030 },
    });
    expect(await ask({}, "application/msgpack", images(0), "application/msgpack")).toMatchObject({
      status: 400,
      body: { error_code: 12047 },
    });
    expect(await ask({}, "application/msgpack", images(3))).toMatchObject({ status: 400, body: { error_code: 95004 } });
  });
});
