/**
 * Bench of the embedded services on the default (PGlite) driver: faces created/s and events saved/s
 * over HTTP, and matcher 1:N latency and recall@1 at 10k and 100k faces through `POST /matcher/faces`:
 * the in-memory matcher index (server/services/matcherIndex/, docs/matcher.md), exact and IVF — what
 * the route uses (pgvector's HNSW index no longer takes part in matching).
 *
 * The 10k/100k galleries are synthetic (no registry has that many face photos): each identity is a
 * random unit vector and each face a noisy copy of it (same-identity cosine ≈ 0.8, like real photos
 * of one person with our model); a query is a fresh noisy copy of a stored identity.
 */
import { encodeSdkDescriptor, l2Normalize } from "../shared/luna/descriptor.ts";
import { vectorLiteral } from "../server/store/sqlDatabase.ts";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { startTestServer, type TestServer } from "../test/support/testServer.ts";
import { replaceBenchmarkSection } from "./benchmarksFile.ts";
import { median, ms, percentile } from "./stats.ts";

const DIM = 512;

/** Deterministic normal samples (Box–Muller over an LCG), so every run measures the same gallery. */
function gaussian(seed: number): () => number {
  let s = seed >>> 0;
  const u = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 2 ** 32;
  };
  return () => Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

function identity(id: number): Float32Array {
  const g = gaussian(id * 7919 + 1);
  return l2Normalize(Float32Array.from({ length: DIM }, g));
}

/** A face of identity `id`: noise σ = 0.022 per component gives cosine ≈ 0.8 between two faces. */
function faceOf(id: number, sample: number): Float32Array {
  const base = identity(id);
  const g = gaussian(id * 104729 + sample * 15485863 + 3);
  return l2Normalize(Float32Array.from(base, (v) => v + 0.022 * g()));
}

async function timeAll<T>(
  n: number,
  concurrency: number,
  work: (i: number) => Promise<T>,
): Promise<{ perSecond: number; latencies: number[] }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++;
        const t = performance.now();
        await work(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { perSecond: (n / (performance.now() - started)) * 1000, latencies };
}

function headers(account: string): Record<string, string> {
  return { "Luna-Account-Id": account, "content-type": "application/json" };
}

async function post(url: string, account: string, body: unknown, retried = false): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(url, { method: "POST", headers: headers(account), body: JSON.stringify(body) });
  } catch (error) {
    // Loading a gallery blocks this process (PGlite runs in it) for minutes; the first request after
    // it may meet a keep-alive connection the server closed meanwhile. One retry on a new connection.
    if (retried) throw error;
    return post(url, account, body, true);
  }
  if (response.status >= 300) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Loads `count` faces (2 per identity) straight into the database, 500 rows per statement. */
async function loadGallery(
  server: TestServer,
  account: string,
  listId: string,
  count: number,
  firstIdentity: number,
): Promise<void> {
  const db = server.context.db;
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const faces: string[] = [];
    const descriptors: string[] = [];
    const links: string[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const faceId = crypto.randomUUID();
      const id = firstIdentity + Math.floor(i / 2);
      faces.push(`('${faceId}', '${account}', 'g${id}')`);
      // The real sdk_descriptor: the in-memory matcher index reads its int8 payload (the vector column is pgvector's).
      const vector = faceOf(id, i % 2);
      const bytes = Buffer.from(encodeSdkDescriptor(vector)).toString("hex");
      descriptors.push(`('${faceId}', '${account}', 900, '\\x${bytes}'::bytea, '${vectorLiteral(vector)}'::vector)`);
      links.push(`('${listId}', '${faceId}')`);
    }
    await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO faces (face_id, account_id, external_id) VALUES ${faces.join(",")}`);
      await tx.query(
        `INSERT INTO face_descriptors (face_id, account_id, version, sdk_descriptor, vector) VALUES ${descriptors.join(",")}`,
      );
      await tx.query(`INSERT INTO list_faces (list_id, face_id) VALUES ${links.join(",")}`);
    });
  }
}

async function matchQueries(
  server: TestServer,
  account: string,
  listId: string,
  identities: number,
  firstIdentity: number,
  queries: number,
): Promise<{ latencies: number[]; top: string[] }> {
  const latencies: number[] = [];
  const top: string[] = [];
  for (let q = 0; q < queries; q++) {
    const id = firstIdentity + ((q * 7919) % identities);
    const descriptor = Buffer.from(encodeSdkDescriptor(faceOf(id, 1000 + q))).toString("base64");
    const started = performance.now();
    const reply = (await post(`${server.url}/luna-python-matcher/1/matcher/faces`, account, {
      references: [{ type: "sdk_descriptor", id: `q${q}`, data: descriptor }],
      candidates: [{ filters: { list_id: listId }, limit: 1 }],
    })) as unknown as { matches: { result: { face: { external_id: string } }[] }[] }[];
    latencies.push(performance.now() - started);
    top.push(reply[0]!.matches[0]!.result[0]?.face.external_id ?? "");
  }
  return { latencies, top };
}

export async function benchServices(lines: string[], sizes: number[]): Promise<void> {
  // IVF from 5,000 faces on, so both galleries get one; each query row sets the search mode it measures.
  const server = await startTestServer({ LOG_LEVEL: "error", MATCHER_SEARCH: "ivf", MATCHER_IVF_MIN_FACES: "5000" });
  const indexOptions = server.context.config.matcherIndex as { mode: "exact" | "ivf"; probes: number };
  const account = crypto.randomUUID();
  try {
    console.log("bench: faces and events over HTTP…");
    const createFaces = (concurrency: number) =>
      timeAll(300, concurrency, (i) =>
        post(`${server.url}/luna-faces/3/faces`, account, {
          external_id: `bench-${i}`,
          attribute: { descriptors: [Buffer.from(encodeSdkDescriptor(faceOf(i, 0))).toString("base64")] },
        }),
      );
    const faces1 = await createFaces(1);
    const faces4 = await createFaces(4);
    const saveEvents = (perRequest: number, requests: number) =>
      timeAll(requests, 2, () =>
        post(`${server.url}/luna-events/2/events`, account, {
          events: Array.from({ length: perRequest }, (_, k) => ({
            handler_id: "bench",
            external_id: `e${k}`,
            detections: [{ filename: "x.jpg" }],
          })),
        }),
      );
    const events1 = await saveEvents(1, 300);
    const events100 = await saveEvents(100, 10);

    lines.push(
      "## Embedded services (PGlite driver)",
      "",
      `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC.`,
      "",
    );
    lines.push("| operation | rate | latency p50 | latency p95 |", "|---|---:|---:|---:|");
    lines.push(
      `| POST /faces with a descriptor, concurrency 1 | ${faces1.perSecond.toFixed(0)} faces/s | ${ms(median(faces1.latencies))} | ${ms(percentile(faces1.latencies, 95))} |`,
    );
    lines.push(
      `| POST /faces with a descriptor, concurrency 4 | ${faces4.perSecond.toFixed(0)} faces/s | ${ms(median(faces4.latencies))} | ${ms(percentile(faces4.latencies, 95))} |`,
    );
    lines.push(
      `| POST /events, 1 event per request, concurrency 2 | ${events1.perSecond.toFixed(0)} events/s | ${ms(median(events1.latencies))} | ${ms(percentile(events1.latencies, 95))} |`,
    );
    lines.push(
      `| POST /events, 100 events per request, concurrency 2 | ${(events100.perSecond * 100).toFixed(0)} events/s | ${ms(median(events100.latencies))} | ${ms(percentile(events100.latencies, 95))} |`,
    );
    lines.push("");

    lines.push("### Matcher 1:N (`POST /matcher/faces`, limit 1, one list holding the whole gallery)", "");
    lines.push(
      `Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC. The route searches the in-memory matcher index ` +
        "(docs/matcher.md): exact int8 scans (`MATCHER_SEARCH=exact`, the default) or IVF (`MATCHER_SEARCH=ivf`, " +
        "`MATCHER_IVF_PROBES` leaves probed); pgvector's HNSW index (`MATCHER_HNSW`) no longer takes part. " +
        "Synthetic galleries (2 faces per identity; queries are new noisy faces of stored identities), written straight " +
        "into the database and picked up by the index from its change log. *recall@1* = share of queries whose top face " +
        "is the one exact search returns (exact search is its own reference: 1.000).",
      "",
    );
    lines.push(
      "| faces | search | IVF leaves probed | latency p50 | latency p95 | recall@1 | build |",
      "|---:|---|---:|---:|---:|---:|---:|",
    );
    let firstIdentity = 1_000_000;
    for (const size of sizes) {
      const listId = (await post(`${server.url}/luna-faces/3/lists`, account, {})).list_id as string;
      console.log(`bench: loading ${size} faces…`);
      const loadStarted = performance.now();
      await loadGallery(server, account, listId, size, firstIdentity);
      const loadSeconds = (performance.now() - loadStarted) / 1000;
      const identities = size / 2;
      const queries = 60;
      // The first query applies the change log to the index, which then builds the account's IVF.
      const indexStarted = performance.now();
      indexOptions.mode = "ivf";
      await matchQueries(server, account, listId, identities, firstIdentity, 1);
      const applySeconds = (performance.now() - indexStarted) / 1000;
      const leavesStarted = performance.now();
      while (server.context.matcherIndex.ivfLeaves(account) === 0 && performance.now() - leavesStarted < 600_000)
        await new Promise((r) => setTimeout(r, 50));
      const ivfSeconds = (performance.now() - leavesStarted) / 1000;
      const leaves = server.context.matcherIndex.ivfLeaves(account);
      indexOptions.mode = "exact";
      const exact = await matchQueries(server, account, listId, identities, firstIdentity, queries);
      lines.push(
        `| ${size} | exact (in-memory int8) | – | ${ms(median(exact.latencies))} | ${ms(percentile(exact.latencies, 95))} | 1.000 | ` +
          `database load ${loadSeconds.toFixed(1)} s; change log into the index and its IVF built ${(applySeconds + ivfSeconds).toFixed(1)} s |`,
      );
      indexOptions.mode = "ivf";
      for (const probes of [8, 32, 256]) {
        indexOptions.probes = probes;
        const approx = await matchQueries(server, account, listId, identities, firstIdentity, queries);
        const recall = approx.top.filter((t, i) => t === exact.top[i]).length / queries;
        lines.push(
          `| ${size} | IVF, ${leaves} leaves | ${probes} | ${ms(median(approx.latencies))} | ${ms(percentile(approx.latencies, 95))} | ${recall.toFixed(3)} | ${probes === 256 ? "(MATCHER_IVF_PROBES default)" : ""} |`,
        );
      }
      indexOptions.mode = "exact";
      // Drop this gallery so the next size is measured alone.
      await server.context.db.query(
        "DELETE FROM faces WHERE account_id = $1 AND face_id IN (SELECT face_id FROM list_faces WHERE list_id = $2)",
        [account, listId],
      );
      firstIdentity += identities;
    }
    lines.push("");
  } finally {
    await server.close();
  }
  // The in-memory matcher index at 100k and 1M faces, against pgvector: its own subsection (bench/);
  // BENCH_MATCHER_INDEX=0 leaves it out (it takes minutes and its own run: bench/matcherIndex.ts).
  if (process.env.BENCH_MATCHER_INDEX !== "0") await (await import("./matcherIndex.ts")).benchMatcherIndex(lines);
}

/**
 * `npx tsx bench/services.ts`: this bench without the in-memory index's own subsection, replacing
 * its two parts of BENCHMARKS.md ("Embedded services" and "Matcher 1:N") and keeping the rest.
 */
if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.env.BENCH_MATCHER_INDEX = "0";
  const lines: string[] = [];
  await benchServices(lines, (process.env.BENCH_GALLERIES ?? "10000,100000").split(",").map(Number));
  const split = lines.findIndex((l) => l.startsWith("### Matcher 1:N"));
  const file = resolve(import.meta.dirname, "../BENCHMARKS.md");
  replaceBenchmarkSection(file, lines.slice(0, split));
  replaceBenchmarkSection(file, lines.slice(split));
  console.log(lines.join("\n"));
}
