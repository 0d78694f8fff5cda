/** Luna Image Store over HTTP on both drivers: buckets, bytes kept exactly, isolation, non-images. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { photo } from "../../../support/fixtures.ts";
import { DRIVERS, startServerOn, type DriverServer } from "../../../support/drivers.ts";

describe.each(DRIVERS)("image store on %s", (driver) => {
  let running: DriverServer;
  const account = crypto.randomUUID();
  let base: string;
  beforeAll(async () => {
    running = await startServerOn(driver);
    base = `${running.server.url}/luna-image-store/1`;
  });
  afterAll(() => running.stop());

  const post = (bucket: string, body: Uint8Array<ArrayBuffer> | string, type: string, who = account) =>
    fetch(`${base}/buckets/${bucket}/images`, {
      method: "POST",
      headers: { "Luna-Account-Id": who, "content-type": type },
      body,
    });

  it("stores a sample and returns the same bytes with their content type", async () => {
    const bytes = photo("grace_hopper_512x512.jpg");
    const created = await post("visionlabs-samples", bytes, "image/jpeg");
    expect(created.status).toBe(201);
    const { image_id, url } = (await created.json()) as { image_id: string; url: string };
    expect(url).toBe(`${base}/buckets/visionlabs-samples/images/${image_id}`);
    const got = await fetch(url, { headers: { "Luna-Account-Id": account } });
    expect(got.status).toBe(200);
    expect(got.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await got.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    const head = await fetch(url, { method: "HEAD", headers: { "Luna-Account-Id": account } });
    expect([head.status, head.headers.get("content-length")]).toEqual([200, String(bytes.length)]);
    expect((await fetch(url, { headers: { "Luna-Account-Id": crypto.randomUUID() } })).status).toBe(404);
    expect((await fetch(url, { method: "DELETE", headers: { "Luna-Account-Id": account } })).status).toBe(204);
    expect((await fetch(url, { headers: { "Luna-Account-Id": account } })).status).toBe(404);
  });

  it("accepts PNG as octet-stream and base64 text, keeping the sniffed type", async () => {
    const png = photo("astronaut.png");
    const octet = (await (await post("visionlabs-image-origin", png, "application/octet-stream")).json()) as {
      url: string;
    };
    expect((await fetch(octet.url, { headers: { "Luna-Account-Id": account } })).headers.get("content-type")).toBe(
      "image/png",
    );
    const b64 = await post(
      "visionlabs-bodies-samples",
      Buffer.from(photo("grace_hopper_512x512.jpg")).toString("base64"),
      "image/x-base64",
    );
    expect(b64.status).toBe(201);
  });

  it("rejects non-images, unknown buckets and missing accounts clearly", async () => {
    const text = await post("visionlabs-samples", "hello", "image/jpeg");
    expect([text.status, ((await text.json()) as { error_code: number }).error_code]).toEqual([400, 95001]);
    const wrongType = await post("visionlabs-samples", photo("grace_hopper_512x512.jpg"), "text/plain");
    expect([wrongType.status, ((await wrongType.json()) as { error_code: number }).error_code]).toEqual([400, 12023]);
    const bucket = await post("no-such-bucket", photo("grace_hopper_512x512.jpg"), "image/jpeg");
    expect([bucket.status, ((await bucket.json()) as { error_code: number }).error_code]).toEqual([404, 95044]);
    const empty = await post("visionlabs-samples", new Uint8Array(), "image/jpeg");
    expect(((await empty.json()) as { error_code: number }).error_code).toBe(12030);
    const anonymous = await fetch(`${base}/buckets/visionlabs-samples/images`, {
      method: "POST",
      headers: { "content-type": "image/jpeg" },
      body: photo("grace_hopper_512x512.jpg"),
    });
    expect(anonymous.status).toBe(400);
  });

  it("lists a bucket's images of the account, newest first, paged with a count; bad queries are refused", async () => {
    const who = crypto.randomUUID();
    const ids: string[] = [];
    for (const name of ["grace_hopper_512x512.jpg", "astronaut.png", "camera.png"]) {
      const created = await post("visionlabs-samples", photo(name), "application/octet-stream", who);
      ids.push(((await created.json()) as { image_id: string }).image_id);
    }
    await post("visionlabs-samples", photo("astronaut.png"), "image/png"); // another account's
    const list = async (query: string) => {
      const reply = await fetch(`${base}/buckets/visionlabs-samples/images${query}`, {
        headers: { "Luna-Account-Id": who },
      });
      return { status: reply.status, body: (await reply.json()) as any };
    };
    const first = await list("?page_size=2");
    expect(first.status).toBe(200);
    expect(first.body.count).toBe(3);
    expect(first.body.images.map((i: { image_id: string }) => i.image_id)).toEqual([ids[2], ids[1]]);
    expect(first.body.images[0]).toMatchObject({ bucket: "visionlabs-samples", content_type: "image/png" });
    expect(first.body.images[1].size).toBe(photo("astronaut.png").length);
    const second = await list("?page_size=2&page=2");
    expect(second.body.images.map((i: { image_id: string }) => i.image_id)).toEqual([ids[0]]);
    expect((await list("?page_size=0")).body.error_code).toBe(12031);
    expect((await list("?colour=red")).status).toBe(400);
    const other = await fetch(`${base}/buckets/visionlabs-bodies-samples/images`, {
      headers: { "Luna-Account-Id": who },
    });
    expect(((await other.json()) as { count: number }).count).toBe(0);
    const bucket = await fetch(`${base}/buckets/nope/images`, { headers: { "Luna-Account-Id": who } });
    expect([bucket.status, ((await bucket.json()) as { error_code: number }).error_code]).toEqual([404, 95044]);
  });
});
