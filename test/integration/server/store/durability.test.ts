/**
 * What the services acknowledged survives: a `kill -9` right after the 201s (embedded PGlite and
 * the blob files), and a restart of the app server on the PostgreSQL driver.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeSdkDescriptor } from "../../../../shared/luna/descriptor.ts";
import { lunaHttp, startPostgresWire } from "../../../support/drivers.ts";
import { photo } from "../../../support/fixtures.ts";
import { startTestServer } from "../../../support/testServer.ts";

const root = resolve(import.meta.dirname, "../../../..");
const descriptor = Buffer.from(encodeSdkDescriptor(Float32Array.from({ length: 512 }, (_, i) => Math.sin(i)))).toString(
  "base64",
);

/** Starts `server/main.ts` in its own process and resolves with its URL once it listens. */
function startServerProcess(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts", "serve", "--port", "0"], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: "info" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolveUrl, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening on (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolveUrl({ child, url: match[1]! });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

async function acknowledgeEverything(url: string, account: string) {
  const faces = lunaHttp(`${url}/luna-faces/3`, account);
  const events = lunaHttp(`${url}/luna-events/2`, account);
  const listId = (await faces("POST", "/lists", { user_data: "durable" })).body.list_id as string;
  const face = await faces("POST", "/faces", {
    external_id: "durable",
    lists: [listId],
    attribute: { descriptors: [descriptor] },
  });
  const eventId = crypto.randomUUID();
  const event = await events("POST", "/events", { events: [{ event_id: eventId, external_id: "durable" }] });
  const image = await fetch(`${url}/luna-image-store/1/buckets/visionlabs-samples/images`, {
    method: "POST",
    headers: { "Luna-Account-Id": account, "content-type": "image/jpeg" },
    body: photo("grace_hopper_512x512.jpg"),
  });
  expect([face.status, event.status, image.status]).toEqual([201, 201, 201]);
  return {
    listId,
    faceId: face.body.face_id as string,
    eventId,
    imageId: ((await image.json()) as { image_id: string }).image_id,
  };
}

async function expectEverything(url: string, account: string, ids: Awaited<ReturnType<typeof acknowledgeEverything>>) {
  const faces = lunaHttp(`${url}/luna-faces/3`, account);
  const face = await faces("GET", `/faces/${ids.faceId}`);
  expect(face.status).toBe(200);
  expect(face.body).toMatchObject({
    external_id: "durable",
    lists: [ids.listId],
    attributes: { descriptors: [{ version: 900 }] },
  });
  expect((await lunaHttp(`${url}/luna-events/2`, account)("GET", `/events/${ids.eventId}`)).status).toBe(200);
  const image = await fetch(`${url}/luna-image-store/1/buckets/visionlabs-samples/images/${ids.imageId}`, {
    headers: { "Luna-Account-Id": account },
  });
  expect(image.status).toBe(200);
  expect(Buffer.from(await image.arrayBuffer()).equals(Buffer.from(photo("grace_hopper_512x512.jpg")))).toBe(true);
}

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe("durability", () => {
  it("keeps everything acknowledged across a kill -9 (embedded PGlite)", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "luna-kill9-"));
    dirs.push(dataDir);
    const account = crypto.randomUUID();
    const first = await startServerProcess(dataDir);
    const ids = await acknowledgeEverything(first.url, account);
    first.child.kill("SIGKILL");
    await new Promise((r) => first.child.once("exit", r));
    const second = await startServerProcess(dataDir);
    try {
      await expectEverything(second.url, account, ids);
    } finally {
      second.child.kill("SIGTERM");
      await new Promise((r) => second.child.once("exit", r));
    }
  }, 180_000);

  it("keeps everything across an app restart on the PostgreSQL driver", async () => {
    const pgDir = mkdtempSync(join(tmpdir(), "luna-pgwire-"));
    dirs.push(pgDir);
    const wire = await startPostgresWire(pgDir);
    const dataDir = mkdtempSync(join(tmpdir(), "luna-blobs-"));
    dirs.push(dataDir);
    const env = { DATABASE_URL: wire.url, DATABASE_POOL_SIZE: "1", DATA_DIR: dataDir };
    const account = crypto.randomUUID();
    const first = await startTestServer(env);
    const ids = await acknowledgeEverything(first.url, account);
    await first.close();
    const second = await startTestServer(env);
    try {
      await expectEverything(second.url, account, ids);
    } finally {
      await second.close();
      await wire.stop();
    }
  }, 180_000);
});
