import type { RowSource } from "../core/mod.ts";
import { FeatureStore, type Shard } from "./feature_store.ts";
import { _shardList } from "./export_npy.ts";

/**
 * Reads a complete single-part feature store as a {@linkcode RowSource} in image row order,
 * so an evaluation can use a store without exporting it. Keeps the last shard read.
 *
 * @param which `"embedding"` (default) or `"style"`.
 * @throws {Error} When the store holds one part of several, lacks shards, or has no style.
 *
 * @example
 * ```ts ignore
 * const features = await storeRowSource("features/ijbb");
 * const first = await features.readRows(0, 10);
 * ```
 */
export async function storeRowSource(
  store: FeatureStore | string,
  options: { which?: "embedding" | "style" } = {},
): Promise<RowSource> {
  const s = typeof store === "string" ? await FeatureStore.read(store) : store;
  const which = options.which ?? "embedding";
  const { part, dim, styleDim, shardRows, images } = s.manifest;
  if (part.count !== 1) {
    throw new Error(
      `Cannot read feature store ${s.dir} as it holds part ${part.index}/${part.count}: merge the parts first`,
    );
  }
  const missing = await s.missingShards();
  if (missing.length > 0) {
    throw new Error(`Cannot read feature store ${s.dir} as it lacks ${_shardList(missing)}`);
  }
  const width = which === "embedding" ? dim : styleDim;
  if (width === null) {
    throw new Error(`Cannot read style from feature store ${s.dir} as it has none`);
  }
  let cached: { k: number; shard: Shard } | undefined;
  return {
    rows: images.count,
    dim: width,
    async readRows(start: number, count: number): Promise<Float32Array> {
      if (
        !(Number.isInteger(start) && Number.isInteger(count) && start >= 0 && count >= 0) ||
        start + count > images.count
      ) {
        throw new RangeError(
          `Cannot read rows ${start}..${
            start + count
          } of feature store ${s.dir}: it has ${images.count}`,
        );
      }
      const out = new Float32Array(count * width);
      let r = start;
      while (r < start + count) {
        const k = Math.floor(r / shardRows);
        if (cached?.k !== k) cached = { k, shard: await s.readShard(k) };
        const values = which === "embedding" ? cached.shard.embedding : cached.shard.style!;
        const from = r - k * shardRows;
        const n = Math.min(shardRows - from, start + count - r);
        out.set(values.subarray(from * width, (from + n) * width), (r - start) * width);
        r += n;
      }
      return out;
    },
  };
}
