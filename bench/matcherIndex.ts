/**
 * Bench: 1:N matching on the in-memory matcher index (docs/matcher.md) against the pgvector search
 * it replaced, at 100k faces (both through the same PGlite database: loaded from it at start, as
 * the server does) and at 1M faces: the index alone (its bulk load from rows in memory), and, where
 * Debian's postgresql is installed, loaded from a real PostgreSQL holding the 1M rows, as a server
 * starting on that database does (BENCH_MATCHER_POSTGRES=0 leaves that out; writing 1M rows into
 * PGlite would take longer than this bench may run).
 *
 * Descriptors are synthetic (no registry has 1M face photos): each identity a random vector, each
 * face a noisy copy (2 faces per identity), each query a fresh noisy copy of a stored identity —
 * a harder case for IVF than real faces, which cluster. recall@1 = share of queries whose top face
 * is exact search's. Run alone: `node --expose-gc --import tsx bench/matcherIndex.ts`.
 */
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { quantizeDescriptor, SDK_DESCRIPTOR_HEADER_BYTES, SDK_DESCRIPTOR_MAGIC } from "../shared/luna/descriptor.ts";
import { AccountIndex, type SearchMode } from "../server/services/matcherIndex/accountIndex.ts";
import { MatcherIndex } from "../server/services/matcherIndex/matcherIndex.ts";
import { ScanPool } from "../server/services/matcherIndex/scanPool.ts";
import { openDatabase } from "../server/store/openDatabase.ts";
import { vectorLiteral } from "../server/store/sqlDatabase.ts";
import { realPostgresAvailable, startRealPostgres } from "../test/support/realPostgres.ts";
import { replaceBenchmarkSection } from "./benchmarksFile.ts";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";

const ROOT = resolve(import.meta.dirname, "..");
export const MATCHER_HEADING = "### Matcher 1:N on the in-memory index (100k and 1M faces)";
const DB_FACES = Number(process.env.BENCH_MATCHER_DB_FACES ?? 100_000);
const BIG_FACES = Number(process.env.BENCH_MATCHER_BIG_FACES ?? 1_000_000);
const QUERIES = 100;
const PROBES = [128, 256, 320, 384];

/** xorshift32: fast, deterministic (1M × 512 Box–Muller normals would take minutes). */
function generator(seed: number) {
  let s = seed >>> 0 || 1;
  const u = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32 - 0.5;
  };
  /** Sum of 3 uniforms: a bell curve, enough for synthetic vectors. */
  return () => u() + u() + u();
}

interface Gallery {
  codes: Int8Array; // faces × 512
  identities: Float32Array[]; // kept only for queries (every 97th)
  count: number;
}

function makeGallery(count: number, seed: number): Gallery {
  const g = generator(seed);
  const codes = new Int8Array(count * 512);
  const identities: Float32Array[] = [];
  const base = new Float32Array(512);
  for (let i = 0; i < count; i += 2) {
    for (let d = 0; d < 512; d++) base[d] = g();
    if ((i / 2) % 97 === 0) identities.push(Float32Array.from(base));
    for (let s = 0; s < 2 && i + s < count; s++)
      codes.set(new Int8Array(quantizeDescriptor(Float32Array.from(base, (v) => v + 0.5 * g())).buffer), (i + s) * 512);
  }
  return { codes, identities, count };
}

function queriesOf(gallery: Gallery, seed: number): Int8Array[] {
  const g = generator(seed);
  return Array.from({ length: QUERIES }, (_, q) => {
    const base = gallery.identities[(q * 7919) % gallery.identities.length]!;
    return new Int8Array(quantizeDescriptor(Float32Array.from(base, (v) => v + 0.5 * g())).buffer);
  });
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const p95 = (v: number[]) => [...v].sort((a, b) => a - b)[Math.ceil(0.95 * v.length) - 1]!;
const gc = () => (globalThis as { gc?: () => void }).gc?.();

function sdkDescriptor(code: Int8Array): Uint8Array {
  const out = new Uint8Array(SDK_DESCRIPTOR_HEADER_BYTES + 512);
  out.set(SDK_DESCRIPTOR_MAGIC, 0);
  new DataView(out.buffer).setUint32(4, 900, true);
  out.set(new Uint8Array(code.buffer, code.byteOffset, 512), SDK_DESCRIPTOR_HEADER_BYTES);
  return out;
}

async function timeQueries(
  search: (q: Int8Array) => Promise<string>,
  queries: Int8Array[],
): Promise<{ ms: number[]; top: string[] }> {
  const ms: number[] = [];
  const top: string[] = [];
  for (const q of queries) {
    const t = performance.now();
    top.push(await search(q));
    ms.push(performance.now() - t);
  }
  return { ms, top };
}

/** Writes the gallery into a real PostgreSQL, then times a MatcherIndex loading it and searching it. */
async function loadFromPostgres(
  gallery: Gallery,
  queries: Int8Array[],
  reference: string[],
): Promise<{ writeSeconds: number; loadSeconds: number; rssBytes: number; ms: number[]; agreement: number }> {
  console.log(`bench: matcher: ${gallery.count} faces into a real PostgreSQL…`);
  const pg = await startRealPostgres();
  const db = await openDatabase({ dataDir: tmpdir(), databaseUrl: pg.url, poolSize: 2 });
  try {
    const account = crypto.randomUUID();
    const listId = crypto.randomUUID();
    const zeros = `{${new Array(512).fill("0").join(",")}}`;
    const ids: string[] = [];
    const writeStarted = performance.now();
    await db.query("INSERT INTO lists (list_id, account_id) VALUES ($1, $2)", [listId, account]);
    for (const table of ["faces", "face_descriptors", "list_faces"])
      await db.query(`ALTER TABLE ${table} DISABLE TRIGGER USER`);
    const BATCH = 2000;
    for (let start = 0; start < gallery.count; start += BATCH) {
      const batch: string[] = [];
      const values: string[] = [];
      for (let i = start; i < Math.min(gallery.count, start + BATCH); i++) {
        const id = crypto.randomUUID();
        ids.push(id);
        batch.push(id);
        const code = gallery.codes.subarray(i * 512, (i + 1) * 512);
        values.push(
          `('${id}', '${account}', 900, '\\x${Buffer.from(sdkDescriptor(code)).toString("hex")}'::bytea, $1::real[])`,
        );
      }
      await db.transaction(async (tx) => {
        await tx.query("INSERT INTO faces (face_id, account_id) SELECT unnest($1::uuid[]), $2", [batch, account]);
        await tx.query(
          `INSERT INTO face_descriptors (face_id, account_id, version, sdk_descriptor, vector) VALUES ${values.join(",")}`,
          [zeros],
        );
        await tx.query("INSERT INTO list_faces (list_id, face_id) SELECT $1, unnest($2::uuid[])", [listId, batch]);
      });
    }
    for (const table of ["faces", "face_descriptors", "list_faces"])
      await db.query(`ALTER TABLE ${table} ENABLE TRIGGER USER`);
    await db.query("ANALYZE faces, face_descriptors, list_faces");
    const writeSeconds = (performance.now() - writeStarted) / 1000;
    gc();
    const rssBefore = process.memoryUsage().rss;
    const loadStarted = performance.now();
    const index = new MatcherIndex(db, { threads: 2, mode: "exact", probes: 64, ivfMinFaces: Infinity });
    await index.load();
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    gc();
    const rssBytes = process.memoryUsage().rss - rssBefore;
    const rowOf = new Map(ids.map((id, i) => [id, `face-${i}`]));
    const { ms, top } = await timeQueries(
      (q) => index.search(account, q, { listId }, 1).then((r) => r[0]!.faceId),
      queries,
    );
    await index.close();
    const agreement = top.filter((t, i) => rowOf.get(t) === reference[i]).length / queries.length;
    return { writeSeconds, loadSeconds, rssBytes, ms, agreement };
  } finally {
    await db.close();
    await pg.stop();
  }
}

export async function benchMatcherIndex(lines: string[]): Promise<void> {
  lines.push(MATCHER_HEADING, "");
  const rows: string[] = [];
  const row = (faces: number, what: string, ms: number[], recall: string, note = "") =>
    rows.push(
      `| ${faces.toLocaleString("en")} | ${what} | ${median(ms).toFixed(2)} | ${p95(ms).toFixed(2)} | ${recall} | ${note} |`,
    );

  // ---- 100k through the database: pgvector (before) and the index loaded from the same rows (after)
  console.log(`bench: matcher: ${DB_FACES} synthetic faces into PGlite…`);
  const dataDir = mkdtempSync(join(tmpdir(), "luna-matcher-bench-"));
  const db = await openDatabase({ dataDir, databaseUrl: null, poolSize: 1 });
  const account = crypto.randomUUID();
  const listId = crypto.randomUUID();
  const small = makeGallery(DB_FACES, 11);
  let dbLoadFacesPerSecond = 0;
  try {
    await db.query("INSERT INTO lists (list_id, account_id) VALUES ($1, $2)", [listId, account]);
    const ids: string[] = [];
    for (let start = 0; start < DB_FACES; start += 500) {
      const faces: string[] = [];
      const descriptors: string[] = [];
      const links: string[] = [];
      for (let i = start; i < Math.min(DB_FACES, start + 500); i++) {
        const id = crypto.randomUUID();
        ids.push(id);
        const code = small.codes.subarray(i * 512, (i + 1) * 512);
        faces.push(`('${id}', '${account}')`);
        descriptors.push(
          `('${id}', '${account}', 900, '\\x${Buffer.from(sdkDescriptor(code)).toString("hex")}'::bytea, '${vectorLiteral(code)}'::vector)`,
        );
        links.push(`('${listId}', '${id}')`);
      }
      await db.transaction(async (tx) => {
        await tx.query(`INSERT INTO faces (face_id, account_id) VALUES ${faces.join(",")}`);
        await tx.query(
          `INSERT INTO face_descriptors (face_id, account_id, version, sdk_descriptor, vector) VALUES ${descriptors.join(",")}`,
        );
        await tx.query(`INSERT INTO list_faces (list_id, face_id) VALUES ${links.join(",")}`);
      });
    }
    await db.query("ANALYZE faces, face_descriptors, list_faces");
    const rowOf = new Map(ids.map((id, i) => [id, i]));
    gc();
    const loadStarted = performance.now();
    const index = new MatcherIndex(db, { threads: 2, mode: "exact", probes: 64, ivfMinFaces: Infinity });
    const loaded = await index.load();
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    dbLoadFacesPerSecond = loaded / loadSeconds;
    const queries = queriesOf(small, 5);
    const pgvector = (q: Int8Array) =>
      db
        .query<{ face_id: string }>(
          `SELECT d.face_id FROM face_descriptors d WHERE d.account_id = $1 AND d.version = 900
           AND EXISTS (SELECT 1 FROM list_faces lf WHERE lf.face_id = d.face_id AND lf.list_id = $2)
           ORDER BY d.vector <=> $3::vector LIMIT 1`,
          [account, listId, vectorLiteral(q)],
        )
        .then((r) => r[0]!.face_id);
    const viaIndex = (q: Int8Array) => index.search(account, q, { listId }, 1).then((r) => r[0]!.faceId);
    // Alternate before/after per round, so the shared machine's slow moments hit both.
    const before: number[] = [];
    const after: number[] = [];
    let agree = 0;
    for (let round = 0; round < 2; round++) {
      const half = queries.slice(round * (QUERIES / 2), (round + 1) * (QUERIES / 2));
      const a = await timeQueries(pgvector, half);
      const b = await timeQueries(viaIndex, half);
      before.push(...a.ms);
      after.push(...b.ms);
      agree += a.top.filter((t, i) => rowOf.get(t) === rowOf.get(b.top[i]!)).length;
    }
    row(DB_FACES, "before: pgvector exact (`ORDER BY vector <=> q`, PGlite)", before, "1.000 (reference)");
    row(
      DB_FACES,
      "after: in-memory exact int8 (2 worker threads)",
      after,
      (agree / QUERIES).toFixed(3),
      `loaded from PGlite in ${loadSeconds.toFixed(1)} s (${Math.round(dbLoadFacesPerSecond).toLocaleString("en")} faces/s)`,
    );
    await index.close();
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }

  // ---- 1M: the index alone
  console.log(`bench: matcher: ${BIG_FACES} synthetic faces in memory…`);
  const big = makeGallery(BIG_FACES, 23);
  const bigQueries = queriesOf(big, 29);
  gc();
  const rssBefore = process.memoryUsage().rss;
  const pool = new ScanPool(2);
  const index = new AccountIndex(pool);
  const t0 = performance.now();
  index.reserve(BIG_FACES);
  for (let i = 0; i < BIG_FACES; i++) index.upsert(`face-${i}`, big.codes.subarray(i * 512, (i + 1) * 512), ["all"]);
  const bulkSeconds = (performance.now() - t0) / 1000;
  gc();
  const rssIndex = process.memoryUsage().rss - rssBefore;
  const t1 = performance.now();
  const leaves = 2 ** Math.round(Math.log2(Math.sqrt(BIG_FACES) * 2));
  await index.buildIvf(leaves);
  const ivfSeconds = (performance.now() - t1) / 1000;
  gc();
  const rssAll = process.memoryUsage().rss - rssBefore;
  const search =
    (mode: SearchMode, probes = 0) =>
    (q: Int8Array) =>
      index.search(q, { listId: "all" }, 1, mode, probes).then((r) => r[0]!.faceId);
  const exact: number[] = [];
  const exactTop: string[] = [];
  const ivf = new Map<number, { ms: number[]; top: string[] }>(PROBES.map((p) => [p, { ms: [], top: [] }]));
  for (let round = 0; round < 2; round++) {
    const half = bigQueries.slice(round * (QUERIES / 2), (round + 1) * (QUERIES / 2));
    const e = await timeQueries(search("exact"), half);
    exact.push(...e.ms);
    exactTop.push(...e.top);
    for (const p of PROBES) {
      const r = await timeQueries(search("ivf", p), half);
      ivf.get(p)!.ms.push(...r.ms);
      ivf.get(p)!.top.push(...r.top);
    }
  }
  const dbSecondsAt1M = BIG_FACES / dbLoadFacesPerSecond;
  row(
    BIG_FACES,
    "after: in-memory exact int8 (2 worker threads)",
    exact,
    "1.000 (reference)",
    `index bulk load ${bulkSeconds.toFixed(1)} s; + database read at the 100k rate ≈ ${dbSecondsAt1M.toFixed(0)} s`,
  );
  for (const p of PROBES) {
    const r = ivf.get(p)!;
    const recall = r.top.filter((t, i) => t === exactTop[i]).length / QUERIES;
    row(
      BIG_FACES,
      `after: IVF, ${leaves} leaves, ${p} probed`,
      r.ms,
      recall.toFixed(3),
      p === PROBES[0] ? `IVF build ${ivfSeconds.toFixed(1)} s (after the load, in the background on the server)` : "",
    );
  }
  const indexBytes = index.memoryBytes;
  index.close();
  await pool.close();

  // ---- 1M loaded from a real PostgreSQL (Debian's, without pgvector), as a server starts
  const fromPostgres = realPostgresAvailable() && process.env.BENCH_MATCHER_POSTGRES !== "0";
  let postgresNote = "";
  if (fromPostgres) {
    const result = await loadFromPostgres(big, bigQueries, exactTop);
    row(
      BIG_FACES,
      "after: in-memory exact int8, loaded from PostgreSQL 15 (real[], no pgvector)",
      result.ms,
      result.agreement.toFixed(3),
      `**loaded in ${result.loadSeconds.toFixed(1)} s** (${Math.round(BIG_FACES / result.loadSeconds).toLocaleString("en")} faces/s), resident set +${(result.rssBytes / 2 ** 20).toFixed(0)} MiB`,
    );
    postgresNote =
      ` The PostgreSQL row: the same ${BIG_FACES.toLocaleString("en")} codes written into a throw-away Debian PostgreSQL 15 (${result.writeSeconds.toFixed(0)} s, triggers off while writing; ` +
      "the float vector column, which the index does not read, holds one constant array), then `MatcherIndex.load()` timed from `new` to ready, " +
      "paged queries of 20,000 rows as a server starting on that database does; recall@1 is agreement with the in-memory exact search of the same codes.";
  }

  lines.push(
    `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${cpus().length} cores (before and after alternate per round). ` +
      `Synthetic descriptors (see bench/matcherIndex.ts), ${QUERIES} queries per row, limit 1, one list holding the whole gallery; ms are medians and p95 of single queries.`,
    "",
    "| faces | search | p50 ms | p95 ms | recall@1 | load / build |",
    "|---:|---|---:|---:|---:|---|",
    ...rows,
    "",
    `Memory at ${BIG_FACES.toLocaleString("en")} faces: ${(indexBytes / 2 ** 20).toFixed(0)} MiB of WebAssembly memory (512 B code + 8 B scratch per face); ` +
      `resident set grew ${(rssIndex / 2 ** 20).toFixed(0)} MiB with the exact index (ids and maps included), ${(rssAll / 2 ** 20).toFixed(0)} MiB with IVF.${postgresNote}`,
    "",
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const lines: string[] = [];
  await benchMatcherIndex(lines);
  replaceBenchmarkSection(join(ROOT, "BENCHMARKS.md"), lines);
  console.log(lines.join("\n"));
}
