/**
 * The matcher's in-memory index against plain JavaScript: the assembled SIMD kernel computes the
 * same dots, exact search ranks like a brute-force cosine, rows stay right through removals and
 * list changes, parallel scans equal serial ones, and IVF with every leaf probed is exact.
 * Synthetic descriptors (identities + noise, as the bench's): no photos are needed to check arithmetic.
 */
import { afterAll, describe, expect, it } from "vitest";
import { quantizeDescriptor } from "../../../../shared/luna/descriptor.ts";
import { AccountIndex } from "../../../../server/services/matcherIndex/accountIndex.ts";
import {
  instantiateInt8Dot,
  int8DotModuleBytes,
  MAX_PAGES,
} from "../../../../server/services/matcherIndex/int8DotKernel.ts";
import { ScanPool } from "../../../../server/services/matcherIndex/scanPool.ts";

let state = 2463534242;
const uniform = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 2 ** 32 - 0.5;
};
const code = (v: Float32Array) => new Int8Array(quantizeDescriptor(v).buffer);
const identity = () => Float32Array.from({ length: 512 }, () => uniform() + uniform() + uniform());
const noisy = (base: Float32Array, noise: number) =>
  Float32Array.from(base, (x) => x + noise * (uniform() + uniform() + uniform()));

function cosine(a: Int8Array, b: Int8Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < 512; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}

function gallery(
  identities: number,
  perIdentity: number,
): { ids: string[]; codes: Int8Array[]; bases: Float32Array[] } {
  const ids: string[] = [];
  const codes: Int8Array[] = [];
  const bases: Float32Array[] = [];
  for (let i = 0; i < identities; i++) {
    const base = identity();
    bases.push(base);
    for (let s = 0; s < perIdentity; s++) {
      ids.push(`face-${i}-${s}`);
      codes.push(code(noisy(base, 0.5)));
    }
  }
  return { ids, codes, bases };
}

const pool = new ScanPool(2);
afterAll(() => pool.close());

describe("the int8 dot kernel", () => {
  it("is valid WebAssembly and computes the same dots as JavaScript, by range and by row list", () => {
    expect(WebAssembly.validate(int8DotModuleBytes(false, MAX_PAGES))).toBe(true);
    expect(WebAssembly.validate(int8DotModuleBytes(true, MAX_PAGES))).toBe(true);
    const memory = new WebAssembly.Memory({ initial: 2, maximum: 2 });
    const kernel = instantiateInt8Dot(memory, false);
    const rows = 100;
    const codes = new Int8Array(memory.buffer, 1024, rows * 512);
    for (let i = 0; i < codes.length; i++) codes[i] = Math.round(uniform() * 255);
    codes[0] = -128; // the extreme value
    const query = new Int16Array(memory.buffer, 0, 512);
    for (let i = 0; i < 512; i++) query[i] = Math.round(uniform() * 254);
    const outAt = 1024 + rows * 512;
    kernel.dots(0, 1024, rows, outAt);
    const out = new Int32Array(memory.buffer, outAt, rows);
    const reference = (r: number) =>
      codes.subarray(r * 512, (r + 1) * 512).reduce((sum, c, k) => sum + c * query[k]!, 0);
    for (let r = 0; r < rows; r++) expect(out[r], `row ${r}`).toBe(reference(r));
    const listAt = outAt + rows * 4;
    const list = new Int32Array(memory.buffer, listAt, 5);
    list.set([7, 0, 99, 7, 42]);
    const atOut = listAt + 5 * 4;
    kernel.dotsAt(0, 1024, listAt, 5, atOut);
    expect(Array.from(new Int32Array(memory.buffer, atOut, 5))).toEqual([7, 0, 99, 7, 42].map(reference));
  });
});

describe("AccountIndex", () => {
  it("ranks like brute-force cosine, with list and face-id filters", async () => {
    const { ids, codes, bases } = gallery(300, 2);
    const index = new AccountIndex(null);
    ids.forEach((id, i) => index.upsert(id, codes[i]!, i % 3 === 0 ? ["thirds"] : []));
    const query = code(noisy(bases[17]!, 0.5));
    const brute = ids
      .map((id, i) => ({ faceId: id, cosine: cosine(query, codes[i]!) }))
      .sort((a, b) => b.cosine - a.cosine);
    const top = await index.search(query, {}, 5);
    expect(top.map((m) => m.faceId)).toEqual(brute.slice(0, 5).map((m) => m.faceId));
    top.forEach((m, i) => expect(m.cosine).toBeCloseTo(brute[i]!.cosine, 6));
    expect(top[0]!.faceId).toMatch(/^face-17-/);

    const inList = await index.search(query, { listId: "thirds" }, 3);
    expect(inList.map((m) => m.faceId)).toEqual(
      brute
        .filter((m) => ids.indexOf(m.faceId) % 3 === 0)
        .slice(0, 3)
        .map((m) => m.faceId),
    );
    const byIds = await index.search(query, { faceIds: ["face-3-0", "face-17-1", "nobody"] }, 5);
    expect(byIds.map((m) => m.faceId)).toEqual(["face-17-1", "face-3-0"]);
    expect(await index.search(query, { listId: "no-such-list" }, 3)).toEqual([]);
  });

  it("keeps rows, lists and codes right through removals, replacements and list changes", async () => {
    const { ids, codes, bases } = gallery(50, 2);
    const index = new AccountIndex(null);
    ids.forEach((id, i) => index.upsert(id, codes[i]!, ["all"]));
    // Remove the first face of every identity (each removal moves the last row into the hole).
    for (let i = 0; i < 50; i++) expect(index.remove(`face-${i}-0`)).toBe(true);
    expect(index.remove("face-0-0")).toBe(false);
    expect(index.size).toBe(50);
    for (let i = 0; i < 50; i += 7) {
      const [best] = await index.search(code(noisy(bases[i]!, 0.5)), { listId: "all" }, 1);
      expect(best!.faceId).toBe(`face-${i}-1`);
      expect(index.code(`face-${i}-1`)).toEqual(codes[i * 2 + 1]);
    }
    // Replacing a face's descriptor moves it to its new identity.
    index.upsert("face-3-1", codes[40 * 2]!, ["all"]);
    expect((await index.search(code(noisy(bases[40]!, 0.5)), {}, 2)).map((m) => m.faceId).sort()).toEqual([
      "face-3-1",
      "face-40-1",
    ]);
    index.setListMembership("all", "face-40-1", false);
    expect((await index.search(code(noisy(bases[40]!, 0.5)), { listId: "all" }, 1))[0]!.faceId).toBe("face-3-1");
    index.dropList("all");
    expect(await index.search(code(noisy(bases[40]!, 0.5)), { listId: "all" }, 1)).toEqual([]);
  });

  it("gives the same answers when worker threads share the scan", async () => {
    const { ids, codes, bases } = gallery(40_000, 2);
    const serial = new AccountIndex(null);
    const parallel = new AccountIndex(pool);
    serial.reserve(ids.length);
    parallel.reserve(ids.length);
    ids.forEach((id, i) => {
      serial.upsert(id, codes[i]!, ["l"]);
      parallel.upsert(id, codes[i]!, ["l"]);
    });
    for (const who of [0, 12_345, 39_999]) {
      const query = code(noisy(bases[who]!, 0.5));
      const a = await serial.search(query, { listId: "l" }, 3);
      expect(await parallel.search(query, { listId: "l" }, 3)).toEqual(a);
      expect(a[0]!.faceId).toMatch(new RegExp(`^face-${who}-`));
    }
    // IVF probes too: the leaves' contiguous scans shared by the workers (same seed, same index).
    await serial.buildIvf(512);
    await parallel.buildIvf(512);
    for (const who of [3, 20_000]) {
      const query = code(noisy(bases[who]!, 0.5));
      expect(await parallel.search(query, { listId: "l" }, 3, "ivf", 128)).toEqual(
        await serial.search(query, { listId: "l" }, 3, "ivf", 128),
      );
    }
    parallel.close();
  }, 60_000);

  it("IVF: probing every leaf is exact; probing a quarter finds the same face for queries of stored people", async () => {
    const { ids, codes, bases } = gallery(4000, 2);
    const index = new AccountIndex(null);
    ids.forEach((id, i) => index.upsert(id, codes[i]!, ["l"]));
    await index.buildIvf(256);
    expect(index.ivfClusters).toBe(256);
    let agree = 0;
    for (let q = 0; q < 100; q++) {
      const query = code(noisy(bases[(q * 37) % 4000]!, 0.5));
      const exact = await index.search(query, { listId: "l" }, 3, "exact");
      expect(await index.search(query, { listId: "l" }, 3, "ivf", 256)).toEqual(exact);
      if ((await index.search(query, { listId: "l" }, 1, "ivf", 64))[0]?.faceId === exact[0]!.faceId) agree++;
    }
    expect(agree).toBeGreaterThanOrEqual(98);
    // Faces added after the build are placed in a leaf and found.
    const late = code(noisy(identity(), 0.2));
    index.upsert("late", late, ["l"]);
    expect((await index.search(late, { listId: "l" }, 1, "ivf", 24))[0]!.faceId).toBe("late");
    index.remove("late");
    expect((await index.search(late, {}, 1, "ivf", 256))[0]!.faceId).not.toBe("late");

    // Removing and replacing built faces leaves tombstones in the sorted rows; a rebuild drops them.
    const query = code(noisy(bases[123]!, 0.5));
    for (const s of [0, 1]) expect(index.remove(`face-123-${s}`)).toBe(true);
    index.upsert("face-124-0", codes[125 * 2]!, ["l"]);
    const ivfAfter = await index.search(query, { listId: "l" }, 5, "ivf", 256);
    expect(ivfAfter).toEqual(await index.search(query, { listId: "l" }, 5, "exact"));
    expect(ivfAfter.map((m) => m.faceId)).not.toContain("face-123-0");
    expect(index.size).toBe(8000 - 2);
    await index.buildIvf(256);
    expect(index.size).toBe(8000 - 2);
    expect(await index.search(query, { listId: "l" }, 5, "ivf", 256)).toEqual(ivfAfter);
    expect((await index.search(code(noisy(bases[125]!, 0.5)), {}, 3, "ivf", 256)).map((m) => m.faceId).sort()).toEqual([
      "face-124-0",
      "face-125-0",
      "face-125-1",
    ]);
  }, 60_000);
});
