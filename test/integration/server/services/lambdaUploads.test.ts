/**
 * Nothing is written before it is validated: POST /export refuses a traversing file path before it
 * runs (and so writes) anything, and a lambda zip is measured while it inflates — a central
 * directory that under-states sizes is a quick 400, and inflating never holds the event loop.
 */
import { zipSync, strToU8 } from "fflate";
import { existsSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../../../support/testServer.ts";

let server: TestServer;
const account = crypto.randomUUID();

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** Every file name under `dir`, recursively. */
function namesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).map((entry) => entry.name);
}

async function exportWith(path: string): Promise<[number, string]> {
  const response = await fetch(`${server.url}/luna-lambda/1/export`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      name: "x",
      lambda_type: "standalone",
      code: "export async function main(){return {}}",
      files: [{ path, base64: "aGk=" }],
      requests: [{ name: "r", body: "e30=", reply: null }],
    }),
  });
  return [response.status, ((await response.json()) as { detail: string }).detail];
}

async function postZip(zip: Uint8Array): Promise<[number, string]> {
  const response = await fetch(`${server.url}/luna-lambda/1/lambdas`, {
    method: "POST",
    headers: { "Luna-Account-Id": account, "content-type": "application/zip" },
    body: zip as Uint8Array<ArrayBuffer>,
  });
  return [response.status, ((await response.json()) as { detail: string }).detail];
}

/** Sets the uncompressed size that the local and central headers of `name` declare. */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let at = 0; at + 46 < zip.length; at++) {
    const signature = view.getUint32(at, true);
    const central = signature === 0x02014b50;
    if (!central && signature !== 0x04034b50) continue;
    const nameAt = at + (central ? 46 : 30);
    const nameLength = view.getUint16(at + (central ? 28 : 26), true);
    if (new TextDecoder().decode(zip.subarray(nameAt, nameAt + nameLength)) === name)
      view.setUint32(at + (central ? 24 : 22), size, true);
  }
  return zip;
}

describe("POST /export", () => {
  it("refuses the traversal before writing anything", async () => {
    const target = join(tmpdir(), `pwn-${crypto.randomUUID()}.txt`);
    const [status, detail] = await exportWith(`${"../".repeat(12)}${target.replace(/^\//, "")}`);
    expect(status).toBe(400);
    expect(detail).toMatch(/files\[0\]\.path.*unsafe file path/);
    expect(existsSync(target)).toBe(false);

    const name = `escape-${crypto.randomUUID()}.txt`;
    for (const path of [
      `../${name}`,
      `models/../../${name}`,
      `/${name}`,
      `models\\..\\${name}`,
      `./${name}`,
      `models//${name}`,
    ]) {
      expect(await exportWith(path)).toEqual([400, expect.stringMatching(/unsafe file path/)]);
    }
    expect(namesUnder(join(server.dataDir, ".."))).not.toContain(name);
    // Nothing was run either: no throw-away lambda folder was made for the refused exports.
    expect(existsSync(join(server.dataDir, "lambdas")) ? readdirSync(join(server.dataDir, "lambdas")) : []).toEqual([]);
  });
});

describe("POST /lambdas with a zip", () => {
  it("refuses a central directory that under-states sizes, quickly", async () => {
    const honest = zipSync(
      {
        "lambda_main.ts": strToU8("export async function main(){return {}}"),
        "models/big.bin": new Uint8Array(200 * 1024 * 1024),
      },
      { level: 9 },
    );
    const lying = declareSize(honest, "models/big.bin", 10);
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const started = performance.now();
    const [status, detail] = await postZip(lying);
    const elapsed = performance.now() - started;
    delay.disable();
    expect(status).toBe(400);
    expect(detail).toMatch(/'models\/big\.bin' inflates to more than the 10 bytes its header declares/);
    // Before, inflating the whole 200 MB entry held the process for seconds.
    expect(elapsed).toBeLessThan(2000);
    // A regression guard, not a speed goal (those live in the bench): one blocking inflate of this
    // zip held the loop for seconds; sliced, the longest stall is tens of ms on a quiet machine.
    expect(delay.max / 1e6).toBeLessThan(1000);
  });

  it("refuses sizes over the limit from the central directory, before inflating", async () => {
    const zip = zipSync({
      "lambda_main.ts": strToU8("export async function main(){return {}}"),
      "models/a.bin": new Uint8Array(1000),
    });
    expect(await postZip(declareSize(zip, "models/a.bin", 65 * 1024 * 1024))).toEqual([
      400,
      expect.stringMatching(/more than 67108864 bytes uncompressed/),
    ]);
    const many = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`f${i}.txt`, strToU8("x")]));
    expect(await postZip(zipSync({ "lambda_main.ts": strToU8("x"), ...many }))).toEqual([
      400,
      expect.stringMatching(/more than 500 entries/),
    ]);
  });

  it("inflates a large honest entry in slices: the event loop is never held for a second", async () => {
    // 60 MB that inflate fine but hold no lambda_main.ts: refused only after everything is read.
    const zip = zipSync({ "data/zeros.bin": new Uint8Array(60 * 1024 * 1024) }, { level: 1 });
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const [status, detail] = await postZip(zip);
    delay.disable();
    expect([status, detail]).toEqual([400, expect.stringMatching(/must be at the archive's root/)]);
    // A regression guard, not a speed goal (those live in the bench): one blocking inflate of this
    // zip held the loop for seconds; sliced, the longest stall is tens of ms on a quiet machine.
    expect(delay.max / 1e6).toBeLessThan(1000);
  });

  it("refuses unsafe entry names", async () => {
    for (const name of ["../escape.ts", "/abs.ts", "a/../../b.ts", "a\\b.ts", "c:/x.ts", "a//b.ts", "nul\u0000.ts"]) {
      expect(await postZip(zipSync({ "lambda_main.ts": strToU8("x"), [name]: strToU8("x") }))).toEqual([
        400,
        expect.stringMatching(/unsafe path/),
      ]);
    }
  });
});
