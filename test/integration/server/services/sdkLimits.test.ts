/**
 * Cost limits on /sdk: all images of a request together may have MAX_REQUEST_PIXELS (read from the
 * headers, before any decoding, so 32 × 40-megapixel PNGs are refused at once) and each image at
 * most MAX_BOXES_PER_IMAGE face boxes.
 */
import { encode } from "@msgpack/msgpack";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { photo } from "../../../support/fixtures.ts";
import { startTestServer, type TestServer } from "../../../support/testServer.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ MAX_REQUEST_PIXELS: "600000", MAX_BOXES_PER_IMAGE: "4" });
});
afterAll(() => server.close());

async function sdk(
  images: { filename: string; body: Uint8Array; face_detection_data?: unknown[] }[],
  target = server,
): Promise<[number, { error_code?: number; detail?: string }]> {
  const response = await fetch(`${target.url}/luna-remote-sdk/1/sdk`, {
    method: "POST",
    headers: { "content-type": "application/msgpack" },
    body: encode({ images }) as Uint8Array<ArrayBuffer>,
  });
  return [response.status, (await response.json()) as { error_code?: number; detail?: string }];
}

const grace = photo("grace_hopper_512x512.jpg");
const box = { bounding_box: { x: 100, y: 80, width: 300, height: 340 } };

describe("/sdk cost limits", () => {
  it("takes a request within MAX_REQUEST_PIXELS and refuses one over it, naming the limit", async () => {
    expect((await sdk([{ filename: "one.jpg", body: grace }]))[0]).toBe(200);
    const [status, body] = await sdk([
      { filename: "a.jpg", body: grace },
      { filename: "b.jpg", body: grace },
      { filename: "c.jpg", body: grace },
    ]);
    expect([status, body.error_code]).toEqual([400, 95007]);
    expect(body.detail).toMatch(/MAX_REQUEST_PIXELS\) is 600000/);
  });

  it("refuses more than MAX_BOXES_PER_IMAGE boxes on one image", async () => {
    expect((await sdk([{ filename: "g.jpg", body: grace, face_detection_data: Array(4).fill(box) }]))[0]).toBe(200);
    const [status, body] = await sdk([{ filename: "g.jpg", body: grace, face_detection_data: Array(5).fill(box) }]);
    expect([status, body.error_code]).toEqual([400, 95008]);
    expect(body.detail).toMatch(/'g\.jpg' has 5 face boxes; the limit \(MAX_BOXES_PER_IMAGE\) is 4/);
  });

  it("refuses 32 PNGs of 40 megapixels from their headers, without decoding them (default limits)", async () => {
    const defaults = await startTestServer();
    try {
      const huge = new Uint8Array(
        await sharp({ create: { width: 8000, height: 5000, channels: 3, background: "#808080" } })
          .png({ compressionLevel: 9 })
          .toBuffer(),
      );
      const started = performance.now();
      const [status, body] = await sdk(
        Array.from({ length: 32 }, (_, i) => ({ filename: `huge-${i}.png`, body: huge })),
        defaults,
      );
      expect([status, body.error_code]).toEqual([400, 95007]);
      expect(body.detail).toMatch(/MAX_REQUEST_PIXELS\) is 100000000/);
      // Decoding even one of them takes about half a second; all 32 took 17.7 s.
      expect(performance.now() - started).toBeLessThan(3000);
    } finally {
      await defaults.close();
    }
  });
});
