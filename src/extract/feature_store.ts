import { atomicWriteFile } from "../features/mod.ts";
import {
  checkManifest,
  isFailureReason,
  manifestDifference,
  partRowCount,
  type RowFailure,
  type StoreManifest,
} from "./store_manifest.ts";

/** The contents of one shard: its rows' values and the images that became NaN rows. */
export interface Shard {
  /** Part rows in this shard. */
  readonly rows: number;
  /** `rows × dim` embeddings. */
  readonly embedding: Float32Array;
  /** `rows × styleDim` style vectors, when the store has them. */
  readonly style?: Float32Array;
  /** Failed rows, ascending by image row. */
  readonly failures: readonly RowFailure[];
}

/**
 * A feature store directory, resumable after a crash at any moment:
 *
 * ```
 * STORE/manifest.json      settings that must match for rows to be reused (StoreManifest)
 * STORE/shards/<k>.f32     raw float32 rows of shard k of this part (row-major)
 * STORE/shards/<k>.style.f32
 * STORE/shards/<k>.json    {rows, failures}: written last, so a shard counts only when complete
 * ```
 *
 * The store holds one interleaved part of the image rows (`--shard i/N`): part row j is
 * image row `index + j·count`, and shard k holds part rows `k·shardRows ..`. Every file is
 * written atomically (temporary file + rename); one process writes to a store at a time.
 */
export class FeatureStore {
  readonly dir: string;
  readonly manifest: StoreManifest;

  private constructor(dir: string, manifest: StoreManifest) {
    this.dir = dir;
    this.manifest = manifest;
  }

  /**
   * Opens a store for writing: creates it (directory, `shards/`, `manifest.json`) or reuses
   * it when its manifest agrees with `manifest` on every compared setting. Left-over
   * temporary files of an interrupted run are removed.
   *
   * @throws {Error} `Cannot reuse feature store S: <setting> is X there, Y here; …` when a
   * setting differs, or when `dir` is a non-empty directory without `manifest.json`.
   */
  static async open(dir: string, manifest: StoreManifest): Promise<FeatureStore> {
    const existing = await _readManifest(dir);
    if (existing !== null) {
      const diff = manifestDifference(existing, manifest);
      if (diff !== null) {
        throw new Error(
          `Cannot reuse feature store ${dir}: ${diff.setting} is ${diff.there} there, ${diff.here} here; use another --out or delete it`,
        );
      }
      await _removeTemporaries(dir);
      await _removeTemporaries(`${dir}/shards`);
      return new FeatureStore(dir, existing);
    }
    await Deno.mkdir(`${dir}/shards`, { recursive: true });
    for await (const entry of Deno.readDir(dir)) {
      if (entry.name === "shards" || entry.name.startsWith("manifest.json.tmp-")) continue;
      throw new Error(
        `Cannot create feature store ${dir} as it is a non-empty directory without manifest.json (it holds ${entry.name}): use another --out`,
      );
    }
    for await (const entry of Deno.readDir(`${dir}/shards`)) {
      throw new Error(
        `Cannot create feature store ${dir} as shards/ holds ${entry.name} but there is no manifest.json: delete it`,
      );
    }
    await _removeTemporaries(dir);
    await atomicWriteFile(`${dir}/manifest.json`, JSON.stringify(manifest, null, 1) + "\n");
    return new FeatureStore(dir, manifest);
  }

  /**
   * Opens an existing store for reading.
   *
   * @throws {Error} `Cannot open feature store S as it has no manifest.json` when absent.
   * @throws {SyntaxError} / {TypeError} for a malformed manifest.
   */
  static async read(dir: string): Promise<FeatureStore> {
    const manifest = await _readManifest(dir);
    if (manifest === null) {
      throw new Error(`Cannot open feature store ${dir} as it has no manifest.json`);
    }
    return new FeatureStore(dir, manifest);
  }

  /** Image rows held by this part. */
  get partRows(): number {
    return partRowCount(this.manifest.images.count, this.manifest.part);
  }

  /** Number of shard files when complete. */
  get shardCount(): number {
    return Math.ceil(this.partRows / this.manifest.shardRows);
  }

  /** The part rows of shard k: `start .. start + count`. */
  shardRange(k: number): { start: number; count: number } {
    const start = k * this.manifest.shardRows;
    return { start, count: Math.max(0, Math.min(this.manifest.shardRows, this.partRows - start)) };
  }

  /** The image row of part row j. */
  imageRow(partRow: number): number {
    return this.manifest.part.index + partRow * this.manifest.part.count;
  }

  /** Indices of the complete shards (those whose `<k>.json` exists), ascending. */
  async completedShards(): Promise<number[]> {
    const done: number[] = [];
    try {
      for await (const entry of Deno.readDir(`${this.dir}/shards`)) {
        const match = /^(\d+)\.json$/.exec(entry.name);
        if (match && Number(match[1]) < this.shardCount) done.push(Number(match[1]));
      }
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    return done.sort((a, b) => a - b);
  }

  /** The shards not yet written, ascending. */
  async missingShards(): Promise<number[]> {
    const done = new Set(await this.completedShards());
    return Array.from({ length: this.shardCount }, (_, k) => k).filter((k) => !done.has(k));
  }

  /**
   * Writes shard k: the value files first, then `<k>.json` last, each atomically.
   *
   * @throws {TypeError} When the arrays do not hold `rows × dim` (and `rows × styleDim`) values.
   */
  async writeShard(k: number, shard: Shard): Promise<void> {
    const { dim, styleDim } = this.manifest;
    const { count } = this.shardRange(k);
    if (shard.rows !== count || shard.embedding.length !== count * dim) {
      throw new TypeError(
        `Cannot write shard ${k} of ${this.dir} with ${shard.rows} rows and ${shard.embedding.length} values: expected ${count} rows of ${dim}`,
      );
    }
    if (styleDim !== null && shard.style?.length !== count * styleDim) {
      throw new TypeError(
        `Cannot write shard ${k} of ${this.dir} with ${
          shard.style?.length ?? 0
        } style values: expected ${count} rows of ${styleDim}`,
      );
    }
    const base = `${this.dir}/shards/${k}`;
    await atomicWriteFile(`${base}.f32`, _bytes(shard.embedding));
    if (styleDim !== null) await atomicWriteFile(`${base}.style.f32`, _bytes(shard.style!));
    const record = { rows: shard.rows, failures: shard.failures };
    await atomicWriteFile(`${base}.json`, JSON.stringify(record, null, 1) + "\n");
  }

  /**
   * Reads a complete shard.
   *
   * @throws {Error} `Cannot read shard k of S as it is missing` when `<k>.json` is absent.
   * @throws {RangeError} When a value file does not hold `rows × dim` floats.
   */
  async readShard(k: number): Promise<Shard> {
    const base = `${this.dir}/shards/${k}`;
    let text: string;
    try {
      text = await Deno.readTextFile(`${base}.json`);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) {
        throw new Error(`Cannot read shard ${k} of ${this.dir} as it is missing`);
      }
      throw error;
    }
    const record = JSON.parse(text) as { rows: number; failures: RowFailure[] };
    if (
      !Array.isArray(record.failures) || record.failures.some((f) => !isFailureReason(f.reason))
    ) {
      throw new TypeError(
        `Cannot read shards/${k}.json of ${this.dir} as its failures are malformed`,
      );
    }
    const { dim, styleDim } = this.manifest;
    const embedding = await _readFloats(`${base}.f32`, record.rows * dim, k, this.dir);
    if (styleDim === null) return { rows: record.rows, embedding, failures: record.failures };
    const style = await _readFloats(`${base}.style.f32`, record.rows * styleDim, k, this.dir);
    return { rows: record.rows, embedding, style, failures: record.failures };
  }
}

async function _readManifest(dir: string): Promise<StoreManifest | null> {
  const file = `${dir}/manifest.json`;
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(`Cannot read ${file} as it is not JSON: ${(error as Error).message}`);
  }
  return checkManifest(value, file);
}

async function _removeTemporaries(dir: string): Promise<void> {
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && /\.tmp-[0-9a-f]+$/.test(entry.name)) {
      await Deno.remove(`${dir}/${entry.name}`).catch(() => {});
    }
  }
}

async function _readFloats(
  path: string,
  count: number,
  k: number,
  dir: string,
): Promise<Float32Array> {
  const bytes = await Deno.readFile(path);
  if (bytes.length !== count * 4) {
    throw new RangeError(
      `Cannot read shard ${k} of ${dir} as ${
        path.slice(path.lastIndexOf("/") + 1)
      } has ${bytes.length} bytes: expected ${count * 4}`,
    );
  }
  return new Float32Array(bytes.buffer, bytes.byteOffset, count);
}

function _bytes(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}
