/**
 * Python Matcher on both drivers with descriptors extracted from real photos by /sdk: the same
 * person scores above the threshold, different people below; faces are matched within one list
 * and one account only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAME_PERSON_SIMILARITY } from "../../../../shared/luna/similarity.ts";
import { sdkReplySchema } from "../../../../shared/luna/schemas/sdk.ts";
import { photo } from "../../../support/fixtures.ts";
import { DRIVERS, lunaHttp, startServerOn, type DriverServer } from "../../../support/drivers.ts";

const PEOPLE = {
  franck1: "franck_01829.jpg",
  franck2: "franck_02683.jpg",
  franck3: "franck_04117.jpg",
  hopper: "grace_hopper_512x512.jpg",
  connery: "SeanConnery.jpg",
  audrey: "audrey.jpg",
} as const;

describe.each(DRIVERS)("matcher on %s", (driver) => {
  let running: DriverServer;
  const account = crypto.randomUUID();
  const descriptors: Record<string, string> = {};
  let faces: ReturnType<typeof lunaHttp>;
  let matcher: ReturnType<typeof lunaHttp>;

  beforeAll(async () => {
    running = await startServerOn(driver);
    faces = lunaHttp(`${running.server.url}/luna-faces/3`, account);
    matcher = lunaHttp(`${running.server.url}/luna-python-matcher/1`, account);
    for (const [name, file] of Object.entries(PEOPLE)) {
      const response = await fetch(`${running.server.url}/luna-remote-sdk/1/sdk?estimate_face_descriptor=1`, {
        method: "POST",
        headers: { "content-type": "image/jpeg" },
        body: photo(file),
      });
      const reply = sdkReplySchema.parse(await response.json());
      descriptors[name] = reply.images_estimations[0]!.estimations[0]!.face.detection.attributes.descriptor!
        .sdk_descriptor as string;
    }
  });
  afterAll(() => running.stop());

  const ref = (name: string) => ({ id: name, type: "sdk_descriptor", data: descriptors[name] });

  it("matches raw descriptors: same person above, different people below the threshold", async () => {
    const reply = await matcher("POST", "/matcher/raw", {
      references: [ref("franck1")],
      candidates: ["franck2", "franck3", "hopper", "connery", "audrey"].map(ref),
    });
    expect(reply.status).toBe(200);
    const [first] = reply.body.matches as {
      reference_id: string;
      matches: { candidate_id: string; similarity: number }[];
    }[];
    expect(first!.reference_id).toBe("franck1");
    const byId = Object.fromEntries(first!.matches.map((m) => [m.candidate_id, m.similarity]));
    expect(byId.franck2).toBeGreaterThan(SAME_PERSON_SIMILARITY);
    expect(byId.franck3).toBeGreaterThan(SAME_PERSON_SIMILARITY);
    for (const other of ["hopper", "connery", "audrey"]) expect(byId[other]).toBeLessThan(SAME_PERSON_SIMILARITY);
    // Most similar first.
    expect(first!.matches.map((m) => m.similarity)).toEqual(
      [...first!.matches.map((m) => m.similarity)].sort((x, y) => y - x),
    );
  });

  it("finds a person's stored face in a list by face id or by descriptor, within one account", async () => {
    const listId = (await faces("POST", "/lists", {})).body.list_id as string;
    const ids: Record<string, string> = {};
    for (const name of ["franck2", "hopper", "connery", "audrey"]) {
      ids[name] = (
        await faces("POST", "/faces", {
          external_id: name,
          lists: [listId],
          attribute: { descriptors: [descriptors[name]] },
        })
      ).body.face_id;
    }
    // The same person's face outside the list, and in another account: neither may be returned.
    await faces("POST", "/faces", {
      external_id: "franck3-outside",
      attribute: { descriptors: [descriptors.franck3] },
    });
    const otherAccount = lunaHttp(`${running.server.url}/luna-faces/3`, crypto.randomUUID());
    await otherAccount("POST", "/faces", {
      external_id: "franck1-elsewhere",
      attribute: { descriptors: [descriptors.franck1] },
    });

    const byDescriptor = await matcher("POST", "/matcher/faces", {
      references: [ref("franck1")],
      candidates: [{ filters: { list_id: listId }, limit: 2 }],
    });
    expect(byDescriptor.status).toBe(200);
    const result = byDescriptor.body[0].matches[0].result as {
      face: { face_id: string; external_id: string };
      similarity: number;
    }[];
    expect(result).toHaveLength(2);
    expect(result[0]!.face.external_id).toBe("franck2");
    expect(result[0]!.similarity).toBeGreaterThan(SAME_PERSON_SIMILARITY);
    expect(result[1]!.similarity).toBeLessThan(SAME_PERSON_SIMILARITY);

    const byFace = await matcher("POST", "/matcher/faces", {
      references: [{ type: "face", id: ids.franck2 }],
      candidates: [
        { filters: { face_ids: [ids.hopper, ids.connery, ids.franck2] }, limit: 5, threshold: SAME_PERSON_SIMILARITY },
      ],
    });
    expect(byFace.body[0].matches[0].result.map((m: { face: { face_id: string } }) => m.face.face_id)).toEqual([
      ids.franck2,
    ]);
  });

  it("rejects bad descriptors and unknown reference faces", async () => {
    const code = async (body: unknown) => {
      const r = await matcher("POST", "/matcher/raw", body);
      return [r.status, r.body.error_code];
    };
    expect(
      await code({
        references: [{ id: "x", type: "sdk_descriptor", data: "eHh4eHh4eHh4eA==" }],
        candidates: [ref("hopper")],
      }),
    ).toEqual([400, 95010]);
    expect(await code({ references: [ref("hopper")], candidates: [] })).toEqual([400, 12022]);
    expect(await code({ references: [{ id: "x", type: "xpk", data: "AA==" }], candidates: [ref("hopper")] })).toEqual([
      400, 12022,
    ]);
    const missing = await matcher("POST", "/matcher/faces", {
      references: [{ type: "face", id: crypto.randomUUID() }],
      candidates: [{ filters: { list_id: crypto.randomUUID() } }],
    });
    expect([missing.status, missing.body.error_code]).toEqual([404, 22002]);
  });
});
