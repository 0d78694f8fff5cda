/**
 * Bench of the embedded services on the default (PGlite) driver: faces created/s and events saved/s
 * over HTTP, and matcher 1:N latency and recall@1 at 10k and 100k faces, exact and HNSW.
 *
 * The 10k/100k galleries are synthetic (no registry has that many face photos): each identity is a
 * random unit vector and each face a noisy copy of it (same-identity cosine ≈ 0.8, like real photos
 * of one person with our model); a query is a fresh noisy copy of a stored identity.
 */
import { encodeSdkDescriptor, l2Normalize } from "../shared/luna/descriptor.ts";
import { buildHnswIndex, refreshStatistics } from "../server/store/hnswIndex.ts";
import { vectorLiteral } from "../server/store/sqlDatabase.ts";
import { startTestServer, type TestServer } from "../test/support/testServer.ts";
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
      descriptors.push(
        `('${faceId}', '${account}', 900, '\\x00'::bytea, '${vectorLiteral(faceOf(id, i % 2))}'::vector)`,
      );
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
  const server = await startTestServer({ LOG_LEVEL: "error" });
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
      "Synthetic galleries (2 faces per identity; queries are new noisy faces of stored identities). *recall@1* = share of queries " +
        "whose top face is the one exact search returns (exact search is its own reference: 1.000).",
      "",
    );
    lines.push(
      "| faces | search | ef_search | latency p50 | latency p95 | recall@1 | build |",
      "|---:|---|---:|---:|---:|---:|---:|",
    );
    const recallAtLargest = new Map<number, number>();
    let firstIdentity = 1_000_000;
    for (const size of sizes) {
      const listId = (await post(`${server.url}/luna-faces/3/lists`, account, {})).list_id as string;
      console.log(`bench: loading ${size} faces…`);
      const loadStarted = performance.now();
      await loadGallery(server, account, listId, size, firstIdentity);
      const loadSeconds = (performance.now() - loadStarted) / 1000;
      await refreshStatistics(server.context.db); // what the server does at start-up
      const identities = size / 2;
      const queries = 60;
      await server.context.db.query("DROP INDEX IF EXISTS face_descriptors_hnsw");
      const exact = await matchQueries(server, account, listId, identities, firstIdentity, queries);
      lines.push(
        `| ${size} | exact | – | ${ms(median(exact.latencies))} | ${ms(percentile(exact.latencies, 95))} | 1.000 | load ${loadSeconds.toFixed(1)} s |`,
      );
      console.log(`bench: building HNSW over ${size} descriptors…`);
      const buildStarted = performance.now();
      await buildHnswIndex(server.context.db);
      const buildSeconds = (performance.now() - buildStarted) / 1000;
      for (const ef of [40, 100, 200]) {
        (server.context.config as { matcherEfSearch: number }).matcherEfSearch = ef;
        const approx = await matchQueries(server, account, listId, identities, firstIdentity, queries);
        const recall = approx.top.filter((t, i) => t === exact.top[i]).length / queries;
        if (size === Math.max(...sizes)) recallAtLargest.set(ef, recall);
        lines.push(
          `| ${size} | HNSW | ${ef} | ${ms(median(approx.latencies))} | ${ms(percentile(approx.latencies, 95))} | ${recall.toFixed(3)} | ${ef === 40 ? `index ${buildSeconds.toFixed(1)} s` : ""} |`,
        );
      }
      await server.context.db.query("DROP INDEX IF EXISTS face_descriptors_hnsw");
      // Drop this gallery so the next size is measured alone.
      await server.context.db.query(
        "DELETE FROM faces WHERE account_id = $1 AND face_id IN (SELECT face_id FROM list_faces WHERE list_id = $2)",
        [account, listId],
      );
      firstIdentity += identities;
    }
    lines.push("");
    const chosen = [...recallAtLargest].find(([, recall]) => recall >= 0.999)?.[0];
    lines.push(
      chosen
        ? `ef_search: ${chosen} is the smallest value with recall@1 = 1.000 at ${Math.max(...sizes)} faces; it is the default of MATCHER_EF_SEARCH.`
        : `ef_search: no value tried reached recall@1 = 1.000 at ${Math.max(...sizes)} faces.`,
      "",
    );
  } finally {
    await server.close();
  }
  // The in-memory matcher index at 100k and 1M faces, against pgvector: its own subsection (bench/).
  await (await import("./matcherIndex.ts")).benchMatcherIndex(lines);
}
