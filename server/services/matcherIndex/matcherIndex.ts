/**
 * The matcher cache (LUNA keeps one in memory in front of its database): every account's face
 * descriptors in an AccountIndex, loaded from the database at start, kept current from the
 * face_index_changes log (migration 3) — pushed by LISTEN/NOTIFY from any server process, and read
 * before each search so a process always sees its own writes (docs/matcher.md).
 */
import { MOBILEFACENET_DESCRIPTOR_VERSION, SDK_DESCRIPTOR_HEADER_BYTES } from "../../../shared/luna/descriptor.ts";
import { binaryCopyRows, uuidText } from "../../store/binaryCopy.ts";
import type { SqlDatabase } from "../../store/sqlDatabase.ts";
import { AccountIndex, type Match, type MatchFilter, type SearchMode } from "./accountIndex.ts";
import { DIMENSIONS } from "./int8DotKernel.ts";
import { ScanPool } from "./scanPool.ts";

export interface MatcherIndexOptions {
  /** Worker threads sharing large exact scans (0: scan on the event loop). */
  threads: number;
  /** "ivf": approximate search on accounts with an IVF index; "exact" always scans everything. */
  mode: SearchMode;
  /** IVF leaves probed per query. */
  probes: number;
  /** Accounts with at least this many faces get an IVF index (built after loading, rebuilt as they double). */
  ivfMinFaces: number;
}

const PAGE = 20_000;
const COPY_PAGE = 100_000;
const ZERO_UUID = "00000000-0000-0000-0000-000000000000";

/**
 * The int8 components of a version-900 sdk_descriptor (its payload), as a view; null when the bytes
 * are too short to hold one. The API checks descriptors before they are stored, but the index also
 * reads rows written by other means (an older build, a hand-edited database): such a row must not
 * stop the index from loading or from following the change log.
 */
export function descriptorCode(sdkDescriptor: Uint8Array): Int8Array | null {
  if (sdkDescriptor.length < SDK_DESCRIPTOR_HEADER_BYTES + DIMENSIONS) return null;
  return new Int8Array(sdkDescriptor.buffer, sdkDescriptor.byteOffset + SDK_DESCRIPTOR_HEADER_BYTES, DIMENSIONS);
}

export class MatcherIndex {
  private readonly accounts = new Map<string, AccountIndex>();
  private readonly pool: ScanPool | null;
  /** The last change-log entry applied. */
  private seq = 0;
  private catchingUp: Promise<void> | null = null;
  private again = false;
  private stopListening: (() => Promise<void>) | null = null;
  /** One operation at a time per account: a search's query and scores live in the account's memory. */
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly ivfBuiltAt = new Map<string, number>();
  private readonly appliedListeners = new Set<() => void>();
  /** Descriptor rows left out of the index because they hold no descriptor (see descriptorCode). */
  skippedRows = 0;

  constructor(
    private readonly db: SqlDatabase,
    private readonly options: MatcherIndexOptions,
  ) {
    this.pool = options.threads > 0 ? new ScanPool(options.threads) : null;
  }

  private account(id: string): AccountIndex {
    let index = this.accounts.get(id);
    if (!index) {
      index = new AccountIndex(this.pool);
      this.accounts.set(id, index);
    }
    return index;
  }

  private exclusive<T>(account: string, work: () => Promise<T> | T): Promise<T> {
    const run = (this.queues.get(account) ?? Promise.resolve()).then(work);
    this.queues.set(
      account,
      run.catch(() => undefined),
    );
    return run;
  }

  /** Loads every stored descriptor, then listens for changes. Returns the faces loaded. */
  async load(): Promise<number> {
    // Entries older than a day are no process's news: a process is either running (caught up on
    // every search and notification) or starts by loading everything. Pruned at each start.
    await this.db.query("DELETE FROM face_index_changes WHERE change_time < now() - interval '1 day'");
    const [head] = await this.db.query<{ seq: string | number | null }>(
      "SELECT max(seq) AS seq FROM face_index_changes",
    );
    this.seq = Number(head?.seq ?? 0);
    const counts = await this.db.query<{ account_id: string; n: number }>(
      "SELECT account_id::text AS account_id, count(*)::int AS n FROM face_descriptors WHERE version = $1 GROUP BY account_id",
      [MOBILEFACENET_DESCRIPTOR_VERSION],
    );
    for (const { account_id, n } of counts) this.account(account_id).reserve(n);
    const loaded = this.db.copyBinary
      ? await this.loadByCopy(this.db.copyBinary.bind(this.db))
      : await this.loadByQuery();
    // Changes made while loading are in the log after `seq`.
    await this.catchUp();
    this.stopListening = await this.db.listen("face_index_changes", () => void this.catchUp().catch(() => undefined));
    for (const id of this.accounts.keys()) this.maybeBuildIvf(id);
    return loaded;
  }

  /** Paged queries (the PostgreSQL driver). */
  private async loadByQuery(): Promise<number> {
    let after = ZERO_UUID;
    let loaded = 0;
    for (;;) {
      const rows = await this.db.query<{ account_id: string; face_id: string; sdk_descriptor: Uint8Array }>(
        `SELECT account_id::text AS account_id, face_id::text AS face_id, sdk_descriptor FROM face_descriptors
         WHERE version = $1 AND face_id > $2 ORDER BY face_id LIMIT ${PAGE}`,
        [MOBILEFACENET_DESCRIPTOR_VERSION, after],
      );
      for (const row of rows) {
        const code = descriptorCode(row.sdk_descriptor);
        if (code) this.account(row.account_id).upsert(row.face_id, code);
        else this.skippedRows++;
      }
      loaded += rows.length;
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1]!.face_id;
    }
    let afterLink = { list: ZERO_UUID, face: ZERO_UUID };
    for (;;) {
      const links = await this.db.query<{ account_id: string; list_id: string; face_id: string }>(
        `SELECT f.account_id::text AS account_id, lf.list_id::text AS list_id, lf.face_id::text AS face_id
         FROM list_faces lf JOIN faces f ON f.face_id = lf.face_id
         WHERE (lf.list_id, lf.face_id) > ($1::uuid, $2::uuid) ORDER BY lf.list_id, lf.face_id LIMIT ${PAGE}`,
        [afterLink.list, afterLink.face],
      );
      for (const link of links) this.accounts.get(link.account_id)?.setListMembership(link.list_id, link.face_id, true);
      if (links.length < PAGE) break;
      const last = links[links.length - 1]!;
      afterLink = { list: last.list_id, face: last.face_id };
    }
    return loaded;
  }

  /** Binary COPY in pages of COPY_PAGE rows (PGlite: ~18× faster than query results, binaryCopy.ts). */
  private async loadByCopy(copy: (query: string) => Promise<Uint8Array>): Promise<number> {
    let after = ZERO_UUID;
    let loaded = 0;
    for (;;) {
      // `after` is a uuid this code formatted itself (uuidText): safe to inline, COPY takes no parameters.
      const data = await copy(
        `SELECT account_id, face_id, sdk_descriptor FROM face_descriptors WHERE version = ${MOBILEFACENET_DESCRIPTOR_VERSION} AND face_id > '${after}' ORDER BY face_id LIMIT ${COPY_PAGE}`,
      );
      let rows = 0;
      for (const [account, face, descriptor] of binaryCopyRows(data)) {
        after = uuidText(face!);
        const code = descriptorCode(descriptor!);
        if (code) this.account(uuidText(account!)).upsert(after, code);
        else this.skippedRows++;
        rows++;
      }
      loaded += rows;
      if (rows < COPY_PAGE) break;
    }
    let afterLink = `'${ZERO_UUID}'::uuid, '${ZERO_UUID}'::uuid`;
    for (;;) {
      const data = await copy(
        `SELECT f.account_id, lf.list_id, lf.face_id FROM list_faces lf JOIN faces f ON f.face_id = lf.face_id
         WHERE (lf.list_id, lf.face_id) > (${afterLink}) ORDER BY lf.list_id, lf.face_id LIMIT ${COPY_PAGE}`,
      );
      let rows = 0;
      for (const [account, list, face] of binaryCopyRows(data)) {
        const listId = uuidText(list!);
        const faceId = uuidText(face!);
        this.accounts.get(uuidText(account!))?.setListMembership(listId, faceId, true);
        afterLink = `'${listId}'::uuid, '${faceId}'::uuid`;
        rows++;
      }
      if (rows < COPY_PAGE) break;
    }
    return loaded;
  }

  /** Applies the change log after the last entry seen; concurrent calls share one pass (and one more if asked meanwhile). */
  catchUp(): Promise<void> {
    if (this.catchingUp) {
      this.again = true;
      return this.catchingUp;
    }
    this.catchingUp = (async () => {
      try {
        do {
          this.again = false;
          while (await this.applyChanges());
        } while (this.again);
      } finally {
        this.catchingUp = null;
      }
    })();
    return this.catchingUp;
  }

  /** One page of the log: each changed face is set to what the database holds now (idempotent, order-free). */
  private async applyChanges(): Promise<boolean> {
    const changes = await this.db.query<{
      seq: string | number;
      account_id: string | null;
      face_id: string | null;
      list_id: string | null;
    }>(
      `SELECT seq, account_id::text AS account_id, face_id::text AS face_id, list_id::text AS list_id
       FROM face_index_changes WHERE seq > $1 ORDER BY seq LIMIT ${PAGE}`,
      [this.seq],
    );
    if (changes.length === 0) return false;
    const faces = new Map<string, string>();
    for (const c of changes) {
      if (c.account_id === null) continue;
      if (c.face_id === null) {
        // A deleted list (its links' rows are logged too).
        if (c.list_id) await this.exclusive(c.account_id, () => this.accounts.get(c.account_id!)?.dropList(c.list_id!));
        continue;
      }
      faces.set(c.face_id, c.account_id);
    }
    if (faces.size > 0) {
      const ids = [...faces.keys()];
      const current = await this.db.query<{
        face_id: string;
        sdk_descriptor: Uint8Array | null;
        lists: string[] | null;
      }>(
        `SELECT x.face_id::text AS face_id, d.sdk_descriptor,
           ARRAY(SELECT lf.list_id::text FROM list_faces lf WHERE lf.face_id = x.face_id) AS lists
         FROM unnest($1::uuid[]) AS x(face_id)
         LEFT JOIN face_descriptors d ON d.face_id = x.face_id AND d.version = $2`,
        [ids, MOBILEFACENET_DESCRIPTOR_VERSION],
      );
      const touched = new Set<string>();
      for (const row of current) {
        const account = faces.get(row.face_id)!;
        touched.add(account);
        await this.exclusive(account, () => {
          const index = this.account(account);
          const code = row.sdk_descriptor ? descriptorCode(row.sdk_descriptor) : null;
          if (code) index.upsert(row.face_id, code, row.lists ?? []);
          else {
            if (row.sdk_descriptor) this.skippedRows++;
            index.remove(row.face_id);
          }
        });
      }
      for (const account of touched) this.maybeBuildIvf(account);
    }
    this.seq = Number(changes[changes.length - 1]!.seq);
    for (const listener of this.appliedListeners) listener();
    return changes.length === PAGE;
  }

  /** (Re)builds an account's IVF index when it reached ivfMinFaces, or doubled since the last build. */
  private maybeBuildIvf(account: string): void {
    if (this.options.mode !== "ivf") return;
    const index = this.accounts.get(account);
    const size = index?.size ?? 0;
    const builtAt = this.ivfBuiltAt.get(account) ?? 0;
    if (!index || size < this.options.ivfMinFaces || (builtAt > 0 && size < builtAt * 2)) return;
    this.ivfBuiltAt.set(account, size);
    // About √faces × 2 leaves (2048 at 1M): ≈ 500 faces per leaf (docs/matcher.md).
    const leaves = 2 ** Math.round(Math.log2(Math.sqrt(size) * 2));
    // Builds yield to the event loop; this account's searches wait for it (others do not).
    const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
    void this.exclusive(account, () => index.buildIvf(leaves, 1, turn)).catch(() => this.ivfBuiltAt.delete(account));
  }

  /** Called after each batch of log entries is applied (tests wait on it instead of the clock). */
  onApplied(listener: () => void): () => void {
    this.appliedListeners.add(listener);
    return () => this.appliedListeners.delete(listener);
  }

  /** The stored code of a face (a reference given by face id), or null. */
  code(account: string, faceId: string): Int8Array | null {
    return this.accounts.get(account)?.code(faceId) ?? null;
  }

  async search(account: string, query: Int8Array, filter: MatchFilter, limit: number): Promise<Match[]> {
    await this.catchUp();
    const index = this.accounts.get(account);
    if (!index) return [];
    // Decided in turn: a build queued before this search has finished by then.
    return this.exclusive(account, () =>
      index.search(
        query,
        filter,
        limit,
        this.options.mode === "ivf" && index.ivfClusters > 0 ? "ivf" : "exact",
        this.options.probes,
      ),
    );
  }

  /** Leaves of an account's IVF index (0: none built). */
  ivfLeaves(account: string): number {
    return this.accounts.get(account)?.ivfClusters ?? 0;
  }

  stats(): { accounts: number; faces: number; bytes: number } {
    let faces = 0;
    let bytes = 0;
    for (const index of this.accounts.values()) {
      faces += index.size;
      bytes += index.memoryBytes;
    }
    return { accounts: this.accounts.size, faces, bytes };
  }

  async close(): Promise<void> {
    await this.stopListening?.();
    await Promise.all([...this.queues.values()]);
    for (const index of this.accounts.values()) index.close();
    await this.pool?.close();
  }
}
