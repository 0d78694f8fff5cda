/** The optional HNSW index for face matching (MATCHER_HNSW=1), and the statistics it depends on. */
import type { SqlDatabase } from "./sqlDatabase.ts";

/**
 * Builds the index if it is missing. pgvector builds the graph in memory only while it fits in
 * maintenance_work_mem (64 MB by default ≈ 25k descriptors of 512 floats); past that it crawls
 * (100k did not finish in 18 minutes here), so the build gets 512 MB.
 */
export async function buildHnswIndex(db: SqlDatabase): Promise<void> {
  if (db.vectorColumn !== "vector") return; // a PostgreSQL without pgvector: nothing to index
  await db.transaction(async (tx) => {
    await tx.query("SET LOCAL maintenance_work_mem = '512MB'");
    await tx.query(
      "CREATE INDEX IF NOT EXISTS face_descriptors_hnsw ON face_descriptors USING hnsw (vector vector_cosine_ops)",
    );
  });
  await refreshStatistics(db);
}

/**
 * Without table statistics the planner ignores the HNSW index (measured: 95 ms vs 4 ms at 20k
 * faces). PostgreSQL's autovacuum keeps them fresh; PGlite has no background workers, so the server
 * refreshes them at start-up and after building the index.
 */
export async function refreshStatistics(db: SqlDatabase): Promise<void> {
  await db.query("ANALYZE faces, face_descriptors, list_faces");
}
