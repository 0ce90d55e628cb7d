import { atomicWriteFile, syncDir } from "../features/mod.ts";
import { changedCode, sha256Hex } from "../provenance/mod.ts";
import type { ImageFingerprint } from "./image_fingerprint.ts";
import {
  formatShardRecord,
  parseShardRecord,
  type RowWarning,
  ShardIntegrityError,
} from "./shard_record.ts";
import {
  checkManifest,
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
  /** Rows with values worth a warning, ascending by image row. Default none. */
  readonly warnings?: readonly RowWarning[];
  /** Per row, its image file's fingerprint when read, or null. Default all null. */
  readonly images?: readonly (ImageFingerprint | null)[];
}

/**
 * A feature store directory, resumable after a crash at any moment:
 *
 * ```
 * STORE/manifest.json      settings that must match for rows to be reused (StoreManifest)
 * STORE/.lock              the writer's lock (see acquireLock), while one runs
 * STORE/shards/<k>.f32     raw float32 rows of shard k of this part (row-major)
 * STORE/shards/<k>.style.f32
 * STORE/shards/<k>.json    ShardRecord: written last, so a shard counts only when complete
 * ```
 *
 * The store holds one interleaved part of the image rows (`--shard i/N`): part row j is
 * image row `index + j·count`, and shard k holds part rows `k·shardRows ..`. Every file is
 * written atomically and durably (temporary file, fsync, rename, fsync of the folder); one
 * process writes to a store at a time (the caller holds the lock). The record holds the
 * SHA-256 of each value file, checked on every read, and a fingerprint of each row's image
 * (docs/feature-store.md).
 */
export class FeatureStore {
  readonly dir: string;
  readonly manifest: StoreManifest;

  /**
   * The preprocessing files that differed from the store's when {@linkcode FeatureStore.open}
   * found it: its rows were dropped to be extracted again. Empty otherwise.
   */
  readonly codeChanged: readonly string[];

  private constructor(dir: string, manifest: StoreManifest, codeChanged: readonly string[] = []) {
    this.dir = dir;
    this.manifest = manifest;
    this.codeChanged = codeChanged;
  }

  /**
   * Opens a store for writing: creates it (directory, `shards/`, `manifest.json`) or reuses
   * it when its manifest agrees with `manifest` on every compared setting. Left-over
   * temporary files of an interrupted run are removed. When only the preprocessing code
   * differs (`code`), every shard is deleted first and the new manifest written, so the
   * rows are extracted again; {@linkcode FeatureStore.codeChanged} names the files.
   *
   * @throws {Error} `Cannot reuse feature store S: <setting> is X there, Y here; …` when a
   * setting differs, or when `dir` is a non-empty directory without `manifest.json`.
   * @throws {RangeError} For a store of an older format, naming it.
   */
  static async open(dir: string, manifest: StoreManifest): Promise<FeatureStore> {
    const existing = await _readManifest(dir);
    if (existing !== null) {
      const diff = manifestDifference(existing, manifest);
      if (diff?.setting === "code.sha256") {
        // Shards first: a crash before the manifest is written repeats this next time.
        await Deno.remove(`${dir}/shards`, { recursive: true }).catch(() => {});
        await Deno.mkdir(`${dir}/shards`, { recursive: true });
        await syncDir(dir);
        await atomicWriteFile(`${dir}/manifest.json`, JSON.stringify(manifest, null, 1) + "\n");
        await _removeTemporaries(dir);
        return new FeatureStore(dir, manifest, changedCode(existing.code, manifest.code));
      }
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
      if (entry.name === "shards" || /^(manifest\.json|\.lock)\.tmp-/.test(entry.name)) continue;
      if (entry.name === ".lock") continue;
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
    await syncDir(dir);
    await atomicWriteFile(`${dir}/manifest.json`, JSON.stringify(manifest, null, 1) + "\n");
    return new FeatureStore(dir, manifest);
  }

  /**
   * Rewrites `manifest.json` with new informative fields (where the images came from); the
   * compared settings must stay the same.
   */
  async updateManifest(fields: Pick<StoreManifest, "images">): Promise<FeatureStore> {
    const manifest = { ...this.manifest, ...fields };
    const diff = manifestDifference(this.manifest, manifest);
    if (diff !== null) {
      throw new Error(`Cannot change ${diff.setting} of feature store ${this.dir}`);
    }
    await atomicWriteFile(`${this.dir}/manifest.json`, JSON.stringify(manifest, null, 1) + "\n");
    return new FeatureStore(this.dir, manifest, this.codeChanged);
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
    const files: [string, Float32Array][] = [[`${k}.f32`, shard.embedding]];
    if (styleDim !== null) files.push([`${k}.style.f32`, shard.style!]);
    const checksums: Record<string, string> = {};
    try {
      for (const [name, values] of files) {
        checksums[name] = await sha256Hex(_bytes(values));
        await atomicWriteFile(`${this.dir}/shards/${name}`, _bytes(values));
      }
      const text = await formatShardRecord({
        rows: shard.rows,
        failures: shard.failures,
        warnings: shard.warnings ?? [],
        images: shard.images ?? new Array(shard.rows).fill(null),
        checksums,
      });
      await atomicWriteFile(`${base}.json`, text);
    } catch (error) {
      throw new Error(
        `Cannot save ${this.describeShard(k)}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }

  /** `shard k of DIR (image rows a..b)`, `(image rows a..b step N)` for a part. */
  describeShard(k: number): string {
    const { start, count } = this.shardRange(k);
    const first = this.imageRow(start), last = this.imageRow(start + Math.max(0, count - 1));
    const step = this.manifest.part.count;
    const rows = count === 1
      ? `row ${first}`
      : `rows ${first}..${last}${step === 1 ? "" : ` step ${step}`}`;
    return `shard ${k} of ${this.dir} (image ${rows})`;
  }

  /**
   * Reads a complete shard, checking its record and value files against their checksums.
   *
   * @throws {Error} `Cannot read shard k of S as it is missing` when `<k>.json` is absent.
   * @throws {ShardIntegrityError} Naming the file, the shard and its image rows when the
   * record is not complete JSON or a file does not match its checksum or size.
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
      throw new Error(`Cannot read ${base}.json: ${(error as Error).message}`, { cause: error });
    }
    const what = this.describeShard(k);
    const record = await parseShardRecord(text, `${base}.json`, k, what);
    const { dim, styleDim } = this.manifest;
    const read = async (name: string, count: number) => {
      const file = `${this.dir}/shards/${name}`;
      const bytes = await Deno.readFile(file).catch((error: Error) => {
        throw new ShardIntegrityError(
          file,
          k,
          `Cannot use ${what} as ${file} cannot be read (${error.message}): the next extraction with this store re-extracts these rows`,
          { cause: error },
        );
      });
      const why = bytes.length !== count * 4
        ? `has ${bytes.length} bytes, expected ${count * 4}`
        : (await sha256Hex(bytes)) !== record.checksums[name]
        ? "does not match its checksum in " + `${k}.json`
        : null;
      if (why !== null) {
        throw new ShardIntegrityError(
          file,
          k,
          `Cannot use ${what} as ${file} ${why}: the next extraction with this store re-extracts these rows`,
        );
      }
      return new Float32Array(bytes.buffer, bytes.byteOffset, count);
    };
    const embedding = await read(`${k}.f32`, record.rows * dim);
    const style = styleDim === null
      ? undefined
      : await read(`${k}.style.f32`, record.rows * styleDim);
    return { ...record, embedding, style };
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
    // A lock's temporary file belongs to a process about to take the lock: not ours.
    if (entry.isFile && /\.tmp-[0-9a-f]+$/.test(entry.name) && !entry.name.startsWith(".lock")) {
      await Deno.remove(`${dir}/${entry.name}`).catch(() => {});
    }
  }
}

function _bytes(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}
