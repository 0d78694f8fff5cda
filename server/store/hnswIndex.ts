/** The optional HNSW index for face matching (MATCHER_HNSW=1). */
import type { SqlDatabase } from "./sqlDatabase.ts";

/**
 * Builds the index if it is missing. pgvector builds the graph in memory only while it fits in
 * maintenance_work_mem (64 MB by default ≈ 25k descriptors of 512 floats); past that it crawls
 * (100k did not finish in 18 minutes here), so the build gets 512 MB.
 */
export async function buildHnswIndex(db: SqlDatabase): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query("SET LOCAL maintenance_work_mem = '512MB'");
    await tx.query("CREATE INDEX IF NOT EXISTS face_descriptors_hnsw ON face_descriptors USING hnsw (vector vector_cosine_ops)");
  });
}
