/** Luna Faces over HTTP on both database drivers: CRUD, lists, filters, isolation, bad input. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeSdkDescriptor } from "../../../../shared/luna/descriptor.ts";
import { DRIVERS, lunaHttp, startServerOn, type DriverServer } from "../../../support/drivers.ts";

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
const descriptor = (seed: number) =>
  encodeSdkDescriptor(Float32Array.from({ length: 512 }, (_, i) => Math.sin(i * seed + seed)));

describe.each(DRIVERS)("faces on %s", (driver) => {
  let running: DriverServer;
  const accountA = crypto.randomUUID();
  const accountB = crypto.randomUUID();
  let a: ReturnType<typeof lunaHttp>;
  let b: ReturnType<typeof lunaHttp>;

  beforeAll(async () => {
    running = await startServerOn(driver);
    a = lunaHttp(`${running.server.url}/luna-faces/3`, accountA);
    b = lunaHttp(`${running.server.url}/luna-faces/3`, accountB);
  });
  afterAll(() => running.stop());

  it("creates, gets, patches and deletes a face", async () => {
    const created = await a("POST", "/faces", {
      external_id: "empty.jpeg",
      user_data: "seed example 4",
      attribute: {
        descriptors: [b64(descriptor(1))],
        descriptor_samples: ["s1"],
        basic_attributes: { age: 33, gender: 1 },
      },
    });
    expect(created.status).toBe(201);
    const faceId = created.body.face_id as string;
    expect(created.body.url).toBe(`${running.server.url}/luna-faces/3/faces/${faceId}`);

    const got = await a("GET", `/faces/${faceId}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      face_id: faceId,
      account_id: accountA,
      external_id: "empty.jpeg",
      user_data: "seed example 4",
      attributes: {
        descriptors: [{ version: 900 }],
        descriptor_samples: ["s1"],
        basic_attributes: { age: 33, gender: 1 },
      },
    });

    expect((await a("PATCH", `/faces/${faceId}`, { user_data: "renamed" })).status).toBe(204);
    expect((await a("GET", `/faces/${faceId}`)).body.user_data).toBe("renamed");
    expect((await a("DELETE", `/faces/${faceId}`)).status).toBe(204);
    expect((await a("GET", `/faces/${faceId}`)).status).toBe(404);
  });

  it("answers a missing face exactly like the seed's example", async () => {
    const id = "048e1428-c7de-426b-82f8-3971bf00284c";
    const reply = await a("GET", `/faces/${id}`);
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({
      error_code: 22002,
      desc: "Object not found",
      detail: `Face with id '${id}' not found`,
      link: "https://docs.visionlabs.ai/info/luna/troubleshooting/errors-description/code-22002",
    });
    // The seed's reply carries JSON with escaped slashes; ours is the same value.
    expect(JSON.parse(JSON.stringify(reply.body).replace(/\//g, "\\/"))).toEqual(reply.body);
  });

  it("keeps accounts apart", async () => {
    const faceId = (await a("POST", "/faces", { external_id: "private" })).body.face_id as string;
    expect((await b("GET", `/faces/${faceId}`)).status).toBe(404);
    expect((await b("PATCH", `/faces/${faceId}`, { user_data: "x" })).status).toBe(404);
    expect((await b("DELETE", `/faces/${faceId}`)).status).toBe(404);
    expect((await b("GET", "/faces?external_ids=private")).body.count).toBe(0);
    expect((await a("GET", "/faces?external_ids=private")).body.count).toBe(1);
    const listB = (await b("POST", "/lists", {})).body.list_id as string;
    expect((await b("PATCH", `/lists/${listB}/faces`, { action: "attach", face_ids: [faceId] })).body.error_code).toBe(
      22004,
    );
  });

  it("lists faces with filters and pagination", async () => {
    const listId = (await a("POST", "/lists", { user_data: "vip" })).body.list_id as string;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        (await a("POST", "/faces", { external_id: `page-${i}`, user_data: "paged", lists: i < 2 ? [listId] : [] })).body
          .face_id,
      );
    const page1 = await a("GET", "/faces?user_data=paged&page_size=2&page=1");
    const page3 = await a("GET", "/faces?user_data=paged&page_size=2&page=3");
    expect(page1.body.count).toBe(5);
    expect(page1.body.faces).toHaveLength(2);
    expect(page3.body.faces).toHaveLength(1);
    const inList = await a("GET", `/faces?list_id=${listId}`);
    expect(inList.body.faces.map((f: { face_id: string }) => f.face_id).sort()).toEqual(ids.slice(0, 2).sort());
    expect((await a("GET", `/lists/${listId}`)).body).toMatchObject({
      list_id: listId,
      user_data: "vip",
      faces_count: 2,
    });

    expect((await a("PATCH", `/lists/${listId}/faces`, { action: "attach", face_ids: ids.slice(2) })).status).toBe(204);
    expect((await a("GET", `/lists/${listId}`)).body.faces_count).toBe(5);
    expect((await a("PATCH", `/lists/${listId}/faces`, { action: "detach", face_ids: [ids[0]] })).status).toBe(204);
    expect((await a("GET", `/faces/${ids[0]}`)).body.lists).toEqual([]);
    expect((await a("DELETE", `/lists/${listId}`)).status).toBe(204);
    expect((await a("GET", `/faces/${ids[1]}`)).status).toBe(200);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await a("GET", `/faces?create_time__gte=${encodeURIComponent(future)}`)).body.count).toBe(0);
  });

  it("rejects bad input with the failing path and stores nothing", async () => {
    const before = (await a("GET", "/faces")).body.count as number;
    const check = async (body: unknown, code: number, detail: RegExp) => {
      const r = await a("POST", "/faces", body);
      expect(r.status).toBe(400);
      expect(r.body.error_code).toBe(code);
      expect(r.body.detail).toMatch(detail);
    };
    await check({ attribute: { descriptors: ["AAAA"] } }, 95010, /at least 8 bytes/);
    const wrongVersion = descriptor(2);
    new DataView(wrongVersion.buffer).setUint32(4, 59, true);
    await check({ attribute: { descriptors: [b64(wrongVersion)] } }, 95011, /59/);
    await check({ attribute: { descriptors: [b64(descriptor(3).slice(0, 300))] } }, 95012, /got 292/);
    await check({ external_id: 5 }, 12022, /external_id/);
    await check({ surprise: true }, 12022, /surprise/);
    await check({ lists: ["not-a-uuid"] }, 12022, /lists\[0\]/);
    const noList = await a("POST", "/faces", { lists: [crypto.randomUUID()] });
    expect([noList.status, noList.body.error_code]).toEqual([404, 95041]);
    expect((await a("GET", "/faces")).body.count).toBe(before);

    expect((await a("GET", "/faces/not-a-uuid")).body.error_code).toBe(12031);
    expect((await a("GET", "/faces?page_size=0")).body.error_code).toBe(12031);
    expect((await a("PATCH", `/faces/${crypto.randomUUID()}`, {})).body.error_code).toBe(12022);
    const noAccount = await fetch(`${running.server.url}/luna-faces/3/faces`);
    expect(noAccount.status).toBe(400);
    expect(((await noAccount.json()) as { error_code: number }).error_code).toBe(95040);
  });

  it("speaks msgpack with descriptors as bytes", async () => {
    const { encode, decode } = await import("@msgpack/msgpack");
    const response = await fetch(`${running.server.url}/luna-faces/3/faces`, {
      method: "POST",
      headers: { "Luna-Account-Id": accountA, "content-type": "application/msgpack", accept: "application/msgpack" },
      body: encode({ external_id: "msgpack", attribute: { descriptors: [descriptor(4)] } }),
    });
    expect(response.status).toBe(201);
    const body = decode(new Uint8Array(await response.arrayBuffer())) as { face_id: string };
    expect((await a("GET", `/faces/${body.face_id}`)).body.attributes.descriptors).toEqual([{ version: 900 }]);
  });

  it("serves version, health and an OpenAPI document", async () => {
    const base = `${running.server.url}/luna-faces/3`;
    expect(await (await fetch(`${base}/version`)).json()).toEqual({ Version: { api: 3, service: "0.1.0" } });
    expect(await (await fetch(`${base}/healthcheck`)).json()).toMatchObject({
      status: "ok",
      database: driver === "pglite" ? "pglite" : "postgres",
    });
    const spec = (await (await fetch(`${base}/docs/spec`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(spec.openapi).toBe("3.1.0");
    expect(Object.keys(spec.paths)).toContain("/faces/{faceId}");
    expect(spec.paths["/faces"]!.post).toMatchObject({ requestBody: { content: { "application/json": {} } } });
    expect(await (await fetch(`${base}/docs`)).text()).toContain("/luna-faces/3/faces/{faceId}");
  });
});
