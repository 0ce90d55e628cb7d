import { acquireLock } from "../features/mod.ts";
import { FeatureStore, type Shard } from "./feature_store.ts";
import type { ImageFingerprint } from "./image_fingerprint.ts";
import type { RowWarning } from "./shard_record.ts";
import { _shardList } from "./export_npy.ts";
import { manifestDifference, type RowFailure, type StoreManifest } from "./store_manifest.ts";

/** Options for {@linkcode mergeStores}. */
export interface MergeOptions {
  /** Called after each output shard with (shards done, shards in total). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Joins the parts `0/N … N−1/N` of a sharded extraction (`--shard i/N`) into one complete
 * single-part store at `out`, with the same settings and shard size, re-interleaving the
 * rows into image order. The result is the store a single run would have written, so
 * {@linkcode exportNpy} then gives the same bytes. Merging is itself resumable: shards
 * already in `out` are kept. Every part shard is checked against its checksums as it is
 * read, and the output store is locked while it is written.
 *
 * @throws {Error} When no store is given; when two stores hold the same part or a part is
 * missing (naming them); when a store differs from the first in a setting (naming it), or
 * was made from other image files (the sizes of the image set differ); or when a part lacks
 * shards (naming the part, its directory and the shards).
 * @throws {ShardIntegrityError} When a part's shard fails its checksum (naming the file
 * and the image rows to extract again).
 */
export async function mergeStores(
  dirs: readonly string[],
  out: string,
  options: MergeOptions = {},
): Promise<FeatureStore> {
  // 1. Read and check the parts.
  if (dirs.length === 0) throw new Error("Cannot merge feature stores as none was given");
  const stores = await Promise.all(dirs.map((d) => FeatureStore.read(d)));
  const first = stores[0]!;
  const count = first.manifest.part.count;
  const byIndex: (FeatureStore | undefined)[] = new Array(count);
  for (const store of stores) {
    const samePart = { ...store.manifest, part: { ...store.manifest.part, index: 0 } };
    const diff = manifestDifference({ ...first.manifest, part: { index: 0, count } }, samePart);
    if (diff !== null) {
      throw new Error(
        `Cannot merge feature stores as ${store.dir} has ${diff.setting} ${diff.here} but ${first.dir} has ${diff.there}`,
      );
    }
    const sizes = [first, store].map((s) => s.manifest.images.sizesSha256);
    if (sizes[0] !== undefined && sizes[1] !== undefined && sizes[0] !== sizes[1]) {
      throw new Error(
        `Cannot merge feature stores as ${store.dir} was extracted from other image files than ${first.dir} (the sizes of the images differ): extract every part from the same data`,
      );
    }
    const index = store.manifest.part.index;
    const seen = byIndex[index];
    if (seen !== undefined) {
      throw new Error(
        `Cannot merge feature stores as part ${index}/${count} is given twice: ${seen.dir} and ${store.dir}`,
      );
    }
    byIndex[index] = store;
  }
  const absent = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex[i]);
  if (absent.length > 0) {
    throw new Error(
      `Cannot merge feature stores as ${absent.length === 1 ? "part" : "parts"} ${
        absent.map((i) => `${i}/${count}`).join(", ")
      } ${absent.length === 1 ? "is" : "are"} missing`,
    );
  }
  const parts = byIndex as FeatureStore[];
  for (const part of parts) {
    const missing = await part.missingShards();
    if (missing.length > 0) {
      throw new Error(
        `Cannot merge feature stores as part ${part.manifest.part.index}/${count} (${part.dir}) lacks ${
          _shardList(missing)
        } of ${part.shardCount}`,
      );
    }
  }
  // 2. Lock and open the output as a complete single part.
  const manifest: StoreManifest = { ...first.manifest, part: { index: 0, count: 1 } };
  await Deno.mkdir(out, { recursive: true });
  await using _lock = await acquireLock(`${out}/.lock`, {
    subject: out,
    owner: "deno task merge",
    wait: true,
  });
  const target = await FeatureStore.open(out, manifest);
  // 3. Re-interleave each missing output shard from the parts' shards.
  const { dim, styleDim, shardRows } = manifest;
  const cache = parts.map(() => ({ k: -1, shard: undefined as Shard | undefined }));
  const todo = await target.missingShards();
  let done = target.shardCount - todo.length;
  for (const k of todo) {
    const { start, count: rows } = target.shardRange(k);
    const embedding = new Float32Array(rows * dim);
    const style = styleDim === null ? undefined : new Float32Array(rows * styleDim);
    const failures: RowFailure[] = [];
    const warnings: RowWarning[] = [];
    const images: (ImageFingerprint | null)[] = [];
    for (let i = 0; i < rows; i++) {
      const r = start + i;
      const p = r % count, j = Math.floor(r / count);
      const pk = Math.floor(j / shardRows), offset = j - pk * shardRows;
      const slot = cache[p]!;
      if (slot.k !== pk) {
        slot.shard = await parts[p]!.readShard(pk);
        slot.k = pk;
      }
      const shard = slot.shard!;
      embedding.set(shard.embedding.subarray(offset * dim, (offset + 1) * dim), i * dim);
      if (style !== undefined && styleDim !== null) {
        style.set(shard.style!.subarray(offset * styleDim, (offset + 1) * styleDim), i * styleDim);
      }
      const failure = shard.failures.find((f) => f.row === r);
      if (failure !== undefined) failures.push(failure);
      warnings.push(...(shard.warnings ?? []).filter((w) => w.row === r));
      images.push(shard.images?.[offset] ?? null);
    }
    await target.writeShard(k, { rows, embedding, style, failures, warnings, images });
    options.onProgress?.(++done, target.shardCount);
  }
  return target;
}
