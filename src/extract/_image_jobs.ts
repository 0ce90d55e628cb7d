import type { ImageTable } from "../protocol/mod.ts";
import type { RowFailure } from "./store_manifest.ts";
import type { ImageFingerprint } from "./image_fingerprint.ts";
import type { RowWarning } from "./shard_record.ts";
import type { _AlignPool } from "./_worker_pool.ts";

/**
 * A prepared row: its normalised tensor and warnings, or why it became a NaN row; with the
 * fingerprint of the image file read.
 */
export type _Prepared =
  & { readonly image: ImageFingerprint | null }
  & (
    | { readonly tensor: Float32Array; readonly warnings: readonly RowWarning[] }
    | { readonly failure: RowFailure }
  );

/**
 * Decodes and aligns image row `row` in the pool.
 *
 * @throws {Error} For errors that are not a property of the image (permissions, a worker crash).
 */
export async function _imageJob(
  pool: _AlignPool,
  table: ImageTable,
  imageDir: string,
  row: number,
): Promise<_Prepared> {
  const name = table.names[row]!;
  const reply = await pool.process(
    `${imageDir}/${name}`,
    table.landmarks.slice(10 * row, 10 * row + 10),
  );
  if ("fatal" in reply) {
    throw new Error(`Cannot extract image ${name} (row ${row}): ${reply.fatal}`);
  }
  if ("reason" in reply) {
    return {
      failure: { row, name, reason: reply.reason, message: reply.message },
      image: reply.image,
    };
  }
  const warnings = reply.warnings.map((w) => ({ row, name, ...w }));
  return { tensor: reply.data as Float32Array, image: reply.image, warnings };
}

/**
 * Yields `[item, work]` pairs in order, having started `prepare` on up to `depth` items
 * ahead, so the next batch is decoded while the current one runs. Work started but never
 * awaited (the loop stopped early) cannot raise an unhandled rejection.
 */
export function* _prefetch<T, R>(
  items: readonly T[],
  depth: number,
  prepare: (item: T) => Promise<R>,
): Generator<[T, Promise<R>]> {
  const started: Promise<R>[] = [];
  const start = (i: number) => {
    const work = prepare(items[i]!);
    work.catch(() => {});
    started[i] = work;
  };
  for (let i = 0; i < items.length; i++) {
    for (let j = started.length; j < Math.min(items.length, i + 1 + depth); j++) start(j);
    yield [items[i]!, started[i]!];
  }
}
