/** Image store metadata (SQL) + bytes (BlobStore). The row is written after the bytes are safe. */
import type { BlobStore } from "./blobStore.ts";
import { isoTime } from "./rows.ts";
import type { SqlDatabase } from "./sqlDatabase.ts";

export interface ImageMeta {
  image_id: string;
  bucket: string;
  content_type: string;
  size: number;
  create_time: string;
}

export class ImagesRepository {
  constructor(
    private readonly db: SqlDatabase,
    private readonly blobs: BlobStore,
  ) {}

  async put(bucket: string, account: string, bytes: Uint8Array, contentType: string): Promise<string> {
    const imageId = crypto.randomUUID();
    await this.blobs.put(bucket, account, imageId, bytes);
    await this.db.query(
      "INSERT INTO images (bucket, image_id, account_id, content_type, size) VALUES ($1, $2, $3, $4, $5)",
      [bucket, imageId, account, contentType, bytes.length],
    );
    return imageId;
  }

  async meta(bucket: string, account: string, imageId: string): Promise<ImageMeta | null> {
    const rows = await this.db.query<ImageMeta>(
      "SELECT image_id, bucket, content_type, size, create_time FROM images WHERE bucket = $1 AND account_id = $2 AND image_id = $3",
      [bucket, account, imageId],
    );
    return rows[0] ? { ...rows[0], create_time: isoTime(rows[0].create_time) } : null;
  }

  /** One page of a bucket's images of this account, newest first, and how many there are. */
  async list(
    bucket: string,
    account: string,
    page: number,
    pageSize: number,
  ): Promise<{ images: ImageMeta[]; count: number }> {
    const [count] = await this.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM images WHERE bucket = $1 AND account_id = $2",
      [bucket, account],
    );
    const rows = await this.db.query<ImageMeta>(
      `SELECT image_id, bucket, content_type, size, create_time FROM images WHERE bucket = $1 AND account_id = $2
       ORDER BY create_time DESC, image_id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
      [bucket, account],
    );
    return { images: rows.map((r) => ({ ...r, create_time: isoTime(r.create_time) })), count: count?.n ?? 0 };
  }

  async bytes(bucket: string, account: string, imageId: string): Promise<Uint8Array | null> {
    return this.blobs.get(bucket, account, imageId);
  }

  async delete(bucket: string, account: string, imageId: string): Promise<boolean> {
    const rows = await this.db.query(
      "DELETE FROM images WHERE bucket = $1 AND account_id = $2 AND image_id = $3 RETURNING image_id",
      [bucket, account, imageId],
    );
    if (rows.length === 0) return false;
    await this.blobs.delete(bucket, account, imageId);
    return true;
  }
}
