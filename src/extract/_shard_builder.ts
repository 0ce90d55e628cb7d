import type { Shard } from "./feature_store.ts";
import type { ImageFingerprint } from "./image_fingerprint.ts";
import type { RowWarning } from "./shard_record.ts";
import type { RowFailure } from "./store_manifest.ts";
import type { ShardWork } from "./store_audit.ts";

/**
 * Assembles one shard while some of its rows are computed: starts from the stored shard
 * (rows kept) or from NaN rows, drops the old failures and warnings of the rows redone, and
 * takes each redone row's values, failure or warnings as they come. `unchanged` stays true
 * while every redone row failed again exactly as recorded, so the shard need not be
 * rewritten.
 */
export class _ShardBuilder {
  readonly rows: number;
  readonly #dim: number;
  readonly #styleDim: number | null;
  readonly #embedding: Float32Array;
  readonly #style: Float32Array | undefined;
  readonly #images: (ImageFingerprint | null)[];
  #failures: RowFailure[];
  #warnings: RowWarning[];
  readonly #before: ReadonlyMap<number, string>;
  #unchanged: boolean;

  /** `base` is the stored shard when `work.keep`, else null. */
  constructor(
    work: ShardWork,
    base: Shard | null,
    shape: { rows: number; dim: number; styleDim: number | null; imageRows: readonly number[] },
  ) {
    const { rows, dim, styleDim } = shape;
    this.rows = rows;
    this.#dim = dim;
    this.#styleDim = styleDim;
    this.#unchanged = base !== null &&
      JSON.stringify(work.images) === JSON.stringify(base.images);
    this.#before = new Map(
      (base?.failures ?? []).map((f) => [f.row, JSON.stringify(f)]),
    );
    this.#embedding = base?.embedding.slice() ?? new Float32Array(rows * dim).fill(NaN);
    this.#style = styleDim === null
      ? undefined
      : base?.style?.slice() ?? new Float32Array(rows * styleDim).fill(NaN);
    this.#images = [
      ...(work.images ?? base?.images ?? new Array<ImageFingerprint | null>(rows).fill(null)),
    ];
    const redone = new Set(work.offsets.map((o) => shape.imageRows[o]));
    this.#failures = (base?.failures ?? []).filter((f) => !redone.has(f.row));
    this.#warnings = (base?.warnings ?? []).filter((w) => !redone.has(w.row));
  }

  /** True while nothing differs from the stored shard. */
  get unchanged(): boolean {
    return this.#unchanged;
  }

  /** Row `offset` could not be computed: NaN values and a failure. */
  fail(offset: number, failure: RowFailure, image: ImageFingerprint | null): void {
    if (
      this.#before.get(failure.row) !== JSON.stringify(failure) ||
      JSON.stringify(this.#images[offset]) !== JSON.stringify(image)
    ) {
      this.#unchanged = false;
    }
    this.#embedding.fill(NaN, offset * this.#dim, (offset + 1) * this.#dim);
    if (this.#style !== undefined && this.#styleDim !== null) {
      this.#style.fill(NaN, offset * this.#styleDim, (offset + 1) * this.#styleDim);
    }
    this.#images[offset] = image;
    this.#failures.push(failure);
  }

  /**
   * Row `offset`'s values; a row with NaN or ±Inf gets a `non-finite` warning besides
   * `warnings`. Returns that warning, if any.
   */
  set(
    offset: number,
    values: { embedding: Float32Array; style?: Float32Array },
    image: ImageFingerprint | null,
    warnings: readonly RowWarning[],
    who: { row: number; name: string },
  ): RowWarning | undefined {
    this.#unchanged = false;
    this.#embedding.set(values.embedding, offset * this.#dim);
    if (this.#style !== undefined && this.#styleDim !== null && values.style !== undefined) {
      this.#style.set(values.style, offset * this.#styleDim);
    }
    this.#images[offset] = image;
    this.#warnings.push(...warnings);
    const finite = values.embedding.every(Number.isFinite) &&
      (values.style?.every(Number.isFinite) ?? true);
    if (finite) return undefined;
    const warning: RowWarning = {
      ...who,
      kind: "non-finite",
      message: `The model gave NaN or Inf for ${who.name}`,
    };
    this.#warnings.push(warning);
    return warning;
  }

  /** The finished shard, failures and warnings ascending by row. */
  shard(): Shard {
    const byRow = (a: { row: number }, b: { row: number }) => a.row - b.row;
    return {
      rows: this.rows,
      embedding: this.#embedding,
      style: this.#style,
      failures: this.#failures.sort(byRow),
      warnings: this.#warnings.sort((a, b) => byRow(a, b) || a.kind.localeCompare(b.kind)),
      images: this.#images,
    };
  }
}
