/**
 * The matcher's in-memory index across server processes on one real PostgreSQL (Debian's, without
 * pgvector): a face written through one server reaches the other's index by LISTEN/NOTIFY before
 * any search there, deletions and list links too, and a server started later loads it all from
 * the database. Descriptors come from real photos through /sdk.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../../../server/config.ts";
import { createLogger } from "../../../../server/logger.ts";
import { startServer } from "../../../../server/startServer.ts";
import { SAME_PERSON_SIMILARITY } from "../../../../shared/luna/similarity.ts";
import { sdkReplySchema } from "../../../../shared/luna/schemas/sdk.ts";
import { lunaHttp } from "../../../support/drivers.ts";
import { photo } from "../../../support/fixtures.ts";
import { realPostgresAvailable, startRealPostgres, type RealPostgres } from "../../../support/realPostgres.ts";
import { startTestServer, type TestServer } from "../../../support/testServer.ts";

const available = realPostgresAvailable();

describe.skipIf(!available)("matcher index on two servers sharing one PostgreSQL without pgvector", () => {
  let pg: RealPostgres;
  let a: TestServer;
  let b: TestServer;
  const account = crypto.randomUUID();
  const descriptors: Record<string, string> = {};
  let listId = "";

  beforeAll(async () => {
    pg = await startRealPostgres();
    [a, b] = await Promise.all([startTestServer({ DATABASE_URL: pg.url }), startTestServer({ DATABASE_URL: pg.url })]);
    for (const [name, file] of Object.entries({
      franck1: "franck_01829.jpg",
      franck2: "franck_02683.jpg",
      hopper: "grace_hopper_512x512.jpg",
    })) {
      const response = await fetch(`${a.url}/luna-remote-sdk/1/sdk?estimate_face_descriptor=1`, {
        method: "POST",
        headers: { "content-type": "image/jpeg" },
        body: photo(file),
      });
      descriptors[name] = sdkReplySchema.parse(await response.json()).images_estimations[0]!.estimations[0]!.face
        .detection.attributes.descriptor!.sdk_descriptor as string;
    }
  }, 180_000);
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await pg?.stop();
  });

  /** Resolves when server's index has applied a batch of changes (a NOTIFY reached it). */
  const applied = (server: TestServer) =>
    new Promise<void>((resolve) => {
      const stop = server.context.matcherIndex.onApplied(() => {
        stop();
        resolve();
      });
    });

  it("stores vectors as real[] there and still matches", () => {
    expect(a.context.db.vectorColumn).toBe("real[]");
  });

  it("carries a write, a list link and a deletion from one server's API to the other's index", async () => {
    const facesA = lunaHttp(`${a.url}/luna-faces/3`, account);
    const matcherB = lunaHttp(`${b.url}/luna-python-matcher/1`, account);
    listId = (await facesA("POST", "/lists", {})).body.list_id as string;

    const created = applied(b);
    const faceId = (
      await facesA("POST", "/faces", {
        external_id: "franck",
        lists: [listId],
        attribute: { descriptors: [descriptors.franck2] },
      })
    ).body.face_id as string;
    await facesA("POST", "/faces", {
      external_id: "hopper",
      lists: [listId],
      attribute: { descriptors: [descriptors.hopper] },
    });
    await created;
    expect(b.context.matcherIndex.code(account, faceId)).not.toBeNull();

    const match = await matcherB("POST", "/matcher/faces", {
      references: [{ type: "sdk_descriptor", id: "q", data: descriptors.franck1 }],
      candidates: [{ filters: { list_id: listId }, limit: 2 }],
    });
    const result = match.body[0].matches[0].result as {
      face: { face_id: string; external_id: string };
      similarity: number;
    }[];
    expect(result.map((r) => r.face.external_id)).toEqual(["franck", "hopper"]);
    expect(result[0]!.similarity).toBeGreaterThan(SAME_PERSON_SIMILARITY);
    expect(result[1]!.similarity).toBeLessThan(SAME_PERSON_SIMILARITY);

    const detached = applied(b);
    await facesA("PATCH", `/lists/${listId}/faces`, { action: "detach", face_ids: [faceId] });
    await detached;
    const afterDetach = await matcherB("POST", "/matcher/faces", {
      references: [{ type: "face", id: faceId }],
      candidates: [{ filters: { list_id: listId }, limit: 2 }],
    });
    expect(
      afterDetach.body[0].matches[0].result.map((r: { face: { external_id: string } }) => r.face.external_id),
    ).toEqual(["hopper"]);

    const deleted = applied(b);
    expect((await facesA("DELETE", `/faces/${faceId}`)).status).toBe(204);
    await deleted;
    expect(b.context.matcherIndex.code(account, faceId)).toBeNull();
  });

  it("loads every stored face at the start of a third server", async () => {
    const c = await startTestServer({ DATABASE_URL: pg.url });
    try {
      const matcherC = lunaHttp(`${c.url}/luna-python-matcher/1`, account);
      const reply = await matcherC("POST", "/matcher/faces", {
        references: [{ type: "sdk_descriptor", id: "q", data: descriptors.hopper }],
        candidates: [{ filters: { list_id: listId }, limit: 1 }],
      });
      expect(reply.body[0].matches[0].result.map((r: { face: { external_id: string } }) => r.face.external_id)).toEqual(
        ["hopper"],
      );
      expect(c.context.matcherIndex.stats().faces).toBe(1);
    } finally {
      await c.close();
    }
  });
});

describe("matcher index of an embedded PGlite server", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "luna-index-restart-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
  const start = () =>
    startServer(
      loadConfig(
        { PORT: "0", HOST: "127.0.0.1", DATA_DIR: dataDir, LOG_LEVEL: "silent" },
        resolve(import.meta.dirname, "../../../.."),
      ),
      createLogger("silent"),
    );

  it("is loaded again from the data dir at restart (binary COPY) and matches what it held", async () => {
    const account = crypto.randomUUID();
    const first = await start();
    let faceId = "";
    let descriptor = "";
    try {
      await first.ready;
      const response = await fetch(`${first.url}/luna-remote-sdk/1/sdk?estimate_face_descriptor=1`, {
        method: "POST",
        headers: { "content-type": "image/jpeg" },
        body: photo("franck_02683.jpg"),
      });
      descriptor = sdkReplySchema.parse(await response.json()).images_estimations[0]!.estimations[0]!.face.detection
        .attributes.descriptor!.sdk_descriptor as string;
      faceId = (
        await lunaHttp(`${first.url}/luna-faces/3`, account)("POST", "/faces", {
          external_id: "kept",
          attribute: { descriptors: [descriptor] },
        })
      ).body.face_id as string;
    } finally {
      await first.close();
    }
    const second = await start();
    try {
      await second.ready;
      expect(second.context.matcherIndex.stats().faces).toBe(1);
      const reply = await lunaHttp(`${second.url}/luna-python-matcher/1`, account)("POST", "/matcher/faces", {
        references: [{ type: "sdk_descriptor", id: "q", data: descriptor }],
        candidates: [{ filters: { face_ids: [faceId] }, limit: 1 }],
      });
      expect(reply.body[0].matches[0].result[0].face.external_id).toBe("kept");
      expect(reply.body[0].matches[0].result[0].similarity).toBeGreaterThan(0.99);
    } finally {
      await second.close();
    }
  });
});

describe("matcher index and a descriptor row it cannot read", () => {
  it("leaves the row out and keeps following the change log", async () => {
    const server = await startTestServer({});
    try {
      const account = crypto.randomUUID();
      const faces = lunaHttp(`${server.url}/luna-faces/3`, account);
      const descriptorOf = async (file: string) => {
        const response = await fetch(`${server.url}/luna-remote-sdk/1/sdk?estimate_face_descriptor=1`, {
          method: "POST",
          headers: { "content-type": "image/jpeg" },
          body: photo(file),
        });
        return sdkReplySchema.parse(await response.json()).images_estimations[0]!.estimations[0]!.face.detection
          .attributes.descriptor!.sdk_descriptor as string;
      };
      const create = async (file: string) =>
        (await faces("POST", "/faces", { attribute: { descriptors: [await descriptorOf(file)] } })).body
          .face_id as string;
      const broken = await create("franck_02683.jpg");
      await server.context.matcherIndex.catchUp();
      expect(server.context.matcherIndex.code(account, broken)).not.toBeNull();

      // Not through the API (which checks descriptors): a one-byte value, as another writer might leave.
      await server.context.db.query("UPDATE face_descriptors SET sdk_descriptor = $1 WHERE face_id = $2", [
        new Uint8Array([1]),
        broken,
      ]);
      await server.context.matcherIndex.catchUp();
      expect(server.context.matcherIndex.code(account, broken)).toBeNull();
      expect(server.context.matcherIndex.skippedRows).toBe(1);

      const later = await create("grace_hopper_512x512.jpg");
      await server.context.matcherIndex.catchUp();
      expect(server.context.matcherIndex.code(account, later)).not.toBeNull();
      const match = await lunaHttp(`${server.url}/luna-python-matcher/1`, account)("POST", "/matcher/faces", {
        references: [{ type: "face", id: later }],
        candidates: [{ filters: { face_ids: [later, broken] }, limit: 5 }],
      });
      expect(match.status).toBe(200);
      expect(match.body[0].matches[0].result.map((r: { face: { face_id: string } }) => r.face.face_id)).toEqual([
        later,
      ]);
    } finally {
      await server.close();
    }
  }, 120_000);
});

describe("MATCHER_SEARCH=ivf", () => {
  it("answers /matcher/faces from an IVF index built on the account's real faces", async () => {
    const server = await startTestServer({ MATCHER_SEARCH: "ivf", MATCHER_IVF_MIN_FACES: "3" });
    try {
      const account = crypto.randomUUID();
      const faces = lunaHttp(`${server.url}/luna-faces/3`, account);
      const listId = (await faces("POST", "/lists", {})).body.list_id as string;
      const descriptors: Record<string, string> = {};
      for (const [name, file] of Object.entries({
        franck1: "franck_01829.jpg",
        franck2: "franck_02683.jpg",
        hopper: "grace_hopper_512x512.jpg",
        connery: "SeanConnery.jpg",
      })) {
        const response = await fetch(`${server.url}/luna-remote-sdk/1/sdk?estimate_face_descriptor=1`, {
          method: "POST",
          headers: { "content-type": "image/jpeg" },
          body: photo(file),
        });
        descriptors[name] = sdkReplySchema.parse(await response.json()).images_estimations[0]!.estimations[0]!.face
          .detection.attributes.descriptor!.sdk_descriptor as string;
      }
      for (const name of ["franck2", "hopper", "connery"])
        await faces("POST", "/faces", {
          external_id: name,
          lists: [listId],
          attribute: { descriptors: [descriptors[name]] },
        });
      const reply = await lunaHttp(`${server.url}/luna-python-matcher/1`, account)("POST", "/matcher/faces", {
        references: [{ type: "sdk_descriptor", id: "q", data: descriptors.franck1 }],
        candidates: [{ filters: { list_id: listId }, limit: 3 }],
      });
      const result = reply.body[0].matches[0].result as { face: { external_id: string }; similarity: number }[];
      expect(result.map((r) => r.face.external_id)[0]).toBe("franck2");
      expect(result[0]!.similarity).toBeGreaterThan(SAME_PERSON_SIMILARITY);
      expect(result).toHaveLength(3);
      expect(server.context.matcherIndex.ivfLeaves(account)).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
