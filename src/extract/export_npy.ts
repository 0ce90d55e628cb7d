import { FeatureStore } from "./feature_store.ts";
import { writeNpyStream } from "../features/mod.ts";
import type { RowFailure } from "./store_manifest.ts";
import { ShardIntegrityError } from "./shard_record.ts";

/** Where {@linkcode exportNpy} writes. */
export interface ExportPaths {
  /** The embeddings `[images, dim]`. */
  features: string;
  /** The style vectors `[images, styleDim]`; written only when given and the store has them. */
  style?: string;
}

/**
 * Writes a complete single-part store as float32 .npy files in image (meta-file) row order,
 * streamed shard by shard and renamed into place atomically; numpy reads them with
 * `np.load`. Rows of images that could not be read are NaN. A multi-part store must be
 * joined with {@linkcode mergeStores} first.
 *
 * @returns The failures of all shards, ascending by row.
 * @throws {Error} Naming the missing shards when the store is incomplete, or the part when
 * it holds one part of several; `Cannot export feature store S: Cannot write F: …` for an
 * I/O error (disk full).
 * @throws {ShardIntegrityError} When a shard fails its checksum (naming it and its rows).
 */
export async function exportNpy(
  store: FeatureStore | string,
  paths: ExportPaths,
): Promise<RowFailure[]> {
  const s = typeof store === "string" ? await FeatureStore.read(store) : store;
  const { part, images, dim, styleDim } = s.manifest;
  if (part.count !== 1) {
    throw new Error(
      `Cannot export feature store ${s.dir} as it holds part ${part.index}/${part.count}: merge the parts first`,
    );
  }
  const missing = await s.missingShards();
  if (missing.length > 0) {
    throw new Error(
      `Cannot export feature store ${s.dir} as it lacks ${
        _shardList(missing)
      } of ${s.shardCount}: run the extraction again to finish it`,
    );
  }
  const failures: RowFailure[] = [];
  async function* values(which: "embedding" | "style") {
    for (let k = 0; k < s.shardCount; k++) {
      const shard = await s.readShard(k);
      if (which === "embedding") failures.push(...shard.failures);
      yield which === "embedding" ? shard.embedding : shard.style!;
    }
  }
  try {
    await writeNpyStream(paths.features, [images.count, dim], values("embedding"));
    if (paths.style !== undefined && styleDim !== null) {
      await writeNpyStream(paths.style, [images.count, styleDim], values("style"));
    }
  } catch (error) {
    if (error instanceof ShardIntegrityError) throw error;
    throw new Error(`Cannot export feature store ${s.dir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return failures;
}

/** "shard 3" or "shards 1, 4, 5" (at most 10 listed). */
export function _shardList(shards: readonly number[]): string {
  const shown = shards.slice(0, 10).join(", ") + (shards.length > 10 ? ", …" : "");
  return `${shards.length === 1 ? "shard" : `${shards.length} shards:`} ${shown}`;
}
