/** Luna Events over HTTP on both drivers: the event seed example 4 builds, queries, isolation. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeSdkDescriptor, encodeSdkDescriptor } from "../../../../shared/luna/descriptor.ts";
import { DRIVERS, lunaHttp, startServerOn, type DriverServer } from "../../../support/drivers.ts";

const sdk = encodeSdkDescriptor(Float32Array.from({ length: 512 }, (_, i) => Math.cos(i)));

/** The event of seed example 4 (luna3 Event → wire), with a bare descriptor payload + version. */
function seedEvent(handlerId: string, faceId: string, sampleId: string) {
  return {
    event_id: crypto.randomUUID(),
    create_time: "2026-11-24T12:00:00.000000+03:00",
    handler_id: handlerId,
    external_id: "empty.jpeg",
    face: { face_id: faceId, lists: [] },
    face_attributes: {
      descriptor: { descriptor: Buffer.from(sdk.subarray(8)).toString("base64"), descriptor_version: 900 },
      basic_attributes: { age: 33, gender: 1, ethnicities: { predominant_ethnicity: "caucasian" } },
    },
    detections: [
      {
        filename: "empty.jpeg",
        detect_time: "2026-11-24T12:00:00.000000+03:00",
        samples: { face: { sample_id: sampleId } },
      },
    ],
  };
}

describe.each(DRIVERS)("events on %s", (driver) => {
  let running: DriverServer;
  const account = crypto.randomUUID();
  let events: ReturnType<typeof lunaHttp>;
  let other: ReturnType<typeof lunaHttp>;

  beforeAll(async () => {
    running = await startServerOn(driver);
    events = lunaHttp(`${running.server.url}/luna-events/2`, account);
    other = lunaHttp(`${running.server.url}/luna-events/2`, crypto.randomUUID());
  });
  afterAll(() => running.stop());

  it("saves seed example 4's event and gives it back", async () => {
    const handlerId = crypto.randomUUID();
    const event = seedEvent(handlerId, crypto.randomUUID(), crypto.randomUUID());
    const saved = await events("POST", "/events?wait_events_saving=1", { events: [event] });
    expect(saved.status).toBe(201);
    expect(saved.body.events).toEqual([
      { event_id: event.event_id, url: `${running.server.url}/luna-events/2/events/${event.event_id}` },
    ]);
    const got = await events("GET", `/events/${event.event_id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      event_id: event.event_id,
      handler_id: handlerId,
      external_id: "empty.jpeg",
      account_id: account,
      create_time: "2026-11-24T09:00:00.000Z",
      face: event.face,
      detections: event.detections,
      face_attributes: {
        basic_attributes: event.face_attributes.basic_attributes,
        descriptor: { descriptor_version: 900 },
      },
    });
    // The payload comes back wrapped in the full sdk_descriptor container.
    const back = decodeSdkDescriptor(
      new Uint8Array(Buffer.from(got.body.face_attributes.descriptor.sdk_descriptor, "base64")),
    );
    expect(back.version).toBe(900);
    expect(Buffer.from(back.payload).equals(Buffer.from(sdk.subarray(8)))).toBe(true);
    expect((await other("GET", `/events/${event.event_id}`)).status).toBe(404);
  });

  it("queries by handler, external id and time, newest first, paginated", async () => {
    const handlerId = crypto.randomUUID();
    const batch = [0, 1, 2].map((i) => ({
      handler_id: handlerId,
      external_id: `e${i}`,
      create_time: `2026-01-0${i + 1}T00:00:00Z`,
    }));
    expect((await events("POST", "/events", { events: batch })).status).toBe(201);
    const all = await events("GET", `/events?handler_id=${handlerId}`);
    expect(all.body.count).toBe(3);
    expect(all.body.events.map((e: { external_id: string }) => e.external_id)).toEqual(["e2", "e1", "e0"]);
    const ranged = await events(
      "GET",
      `/events?handler_id=${handlerId}&create_time__gte=2026-01-02T00:00:00Z&create_time__lt=2026-01-03T00:00:00Z`,
    );
    expect(ranged.body.events.map((e: { external_id: string }) => e.external_id)).toEqual(["e1"]);
    expect((await events("GET", `/events?handler_id=${handlerId}&external_id=e0`)).body.count).toBe(1);
    const page2 = await events("GET", `/events?handler_id=${handlerId}&page=2&page_size=2`);
    expect(page2.body.events).toHaveLength(1);
    expect((await other("GET", `/events?handler_id=${handlerId}`)).body.count).toBe(0);
  });

  it("saves all events of a request or none", async () => {
    const handlerId = crypto.randomUUID();
    const existing = crypto.randomUUID();
    expect((await events("POST", "/events", { events: [{ event_id: existing, handler_id: handlerId }] })).status).toBe(
      201,
    );
    const clash = await events("POST", "/events", {
      events: [{ handler_id: handlerId }, { event_id: existing, handler_id: handlerId }],
    });
    expect([clash.status, clash.body.error_code]).toEqual([409, 95051]);
    expect((await events("GET", `/events?handler_id=${handlerId}`)).body.count).toBe(1);
  });

  it("rejects bad events with the failing path", async () => {
    const bad = async (body: unknown, path: RegExp) => {
      const r = await events("POST", "/events", body);
      expect([r.status, r.body.error_code]).toEqual([400, 12022]);
      expect(r.body.detail).toMatch(path);
    };
    await bad({ events: [] }, /events/);
    await bad({ events: [{ create_time: "yesterday" }] }, /events\[0\]\.create_time/);
    await bad(
      { events: [{ detections: [{ samples: { face: { id: "x" } } }] }] },
      /events\[0\]\.detections\[0\]\.samples\.face/,
    );
    await bad({ events: [{ face_attributes: { descriptor: { descriptor: "AAAA" } } }] }, /descriptor/);
    const badDescriptor = await events("POST", "/events", {
      events: [{ face_attributes: { descriptor: { sdk_descriptor: "AAAAAAAAAAAA" } } }],
    });
    expect([badDescriptor.status, badDescriptor.body.error_code]).toEqual([400, 95010]);
    expect((await events("GET", "/events/00000000-0000-4000-a000-000000000000")).body.error_code).toBe(95042);
  });

  it("deletes events", async () => {
    const id = crypto.randomUUID();
    await events("POST", "/events", { events: [{ event_id: id }] });
    expect((await events("DELETE", `/events/${id}`)).status).toBe(204);
    expect((await events("GET", `/events/${id}`)).status).toBe(404);
  });
});
