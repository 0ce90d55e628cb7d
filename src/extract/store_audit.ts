import type { FeatureStore, Shard } from "./feature_store.ts";
import { checkFingerprint, type ImageFingerprint } from "./image_fingerprint.ts";
import { ShardIntegrityError } from "./shard_record.ts";

/**
 * Rows of one shard to compute: `offsets` are part rows relative to the shard's start,
 * ascending. With `keep`, the other rows stay as stored (the shard is read again when its
 * turn comes, so an audit holds no values) and `images` holds their fingerprints, updated
 * where a file only moved; without it, every row is computed.
 */
export interface ShardWork {
  readonly k: number;
  readonly offsets: readonly number[];
  readonly keep: boolean;
  readonly images?: readonly (ImageFingerprint | null)[];
}

/** What {@linkcode auditStore} found. */
export interface StoreAudit {
  /** Shards to (re)compute, ascending. */
  readonly work: readonly ShardWork[];
  /** Complete shards that failed their checksum or could not be parsed: redone whole. */
  readonly damaged: readonly { readonly shard: number; readonly message: string }[];
  /** Rows whose image file changed (or vanished) since they were computed. */
  readonly changedRows: number;
  /** Rows that had failed (NaN) and are tried again. */
  readonly retriedRows: number;
}

/**
 * Decides which rows of a store must be (re)computed before it can be used:
 * 1. shards without a record: every row;
 * 2. shards whose record or value files fail their checksums (bit rot, a cut file): every
 *    row, so a damaged shard is repaired by the next run instead of failing every time;
 * 3. in complete shards, rows whose image changed — size or modification time differ and
 *    the bytes hash differently, or the file vanished — and rows that had failed (NaN),
 *    which are retried. Rows whose file only moved or was touched (same bytes) stay, and
 *    their new size/time is written back so they are not hashed again next time.
 *
 * @param paths The image file of every image row (not only this part's).
 * @param infos Their `stat`, null for a missing file (`statImages`).
 */
export async function auditStore(
  store: FeatureStore,
  paths: readonly string[],
  infos: readonly (Deno.FileInfo | null)[],
): Promise<StoreAudit> {
  const complete = new Set(await store.completedShards());
  const work: ShardWork[] = [];
  const damaged: { shard: number; message: string }[] = [];
  let changedRows = 0, retriedRows = 0;
  for (let k = 0; k < store.shardCount; k++) {
    const { start, count } = store.shardRange(k);
    const all = Array.from({ length: count }, (_, i) => i);
    if (!complete.has(k)) {
      work.push({ k, offsets: all, keep: false });
      continue;
    }
    let shard: Shard;
    try {
      shard = await store.readShard(k);
    } catch (error) {
      if (!(error instanceof ShardIntegrityError)) throw error;
      damaged.push({ shard: k, message: error.message });
      work.push({ k, offsets: all, keep: false });
      continue;
    }
    const failed = new Set(shard.failures.map((f) => f.row));
    const images = [...(shard.images ?? new Array<ImageFingerprint | null>(count).fill(null))];
    const offsets: number[] = [];
    let moved = false;
    for (let i = 0; i < count; i++) {
      const row = store.imageRow(start + i);
      if (failed.has(row)) {
        offsets.push(i);
        retriedRows++;
        continue;
      }
      const check = await checkFingerprint(paths[row]!, infos[row] ?? null, images[i] ?? null);
      if (check.state === "changed") {
        offsets.push(i);
        changedRows++;
      } else if (check.state === "moved") {
        images[i] = check.fingerprint;
        moved = true;
      }
    }
    if (offsets.length > 0) {
      work.push({ k, offsets, keep: true, images });
    } else if (moved) {
      await store.writeShard(k, { ...shard, images });
    }
  }
  return { work, damaged, changedRows, retriedRows };
}
