import type { Matrix } from "../features/mod.ts";

/** Options of {@linkcode OpenSet1nScores}. */
export interface OpenSet1nScoresOptions {
  /** Upper bound on the number of probes that will be added (all of them, mated or not). */
  probes: number;
  /** The largest FPIR that the resamples will be asked for. Default 0.1. */
  maxFpir?: number;
  /**
   * How many times `ceil(probes · maxFpir)` non-mate scores to keep. Default 8: a resample
   * can then weigh its mated probes up to about 8 times the point estimate's before it
   * needs a deeper score than was kept.
   */
  depth?: number;
}

/** What {@linkcode OpenSet1nBootstrap} needs: per probe, and the largest non-mate scores. */
export interface OpenSet1nProbes {
  /** 1 when the probe's subject has a template in the combined gallery. */
  mated: Uint8Array;
  /** Best mate score (NaN for a non-mated probe). */
  mate: Float64Array;
  /** Number of non-mate scores of each mated probe (0 for a non-mated probe). */
  negatives: Float64Array;
  /** The largest non-mate scores of the mated probes, descending, with their probe rows. */
  top: Float64Array;
  topProbe: Int32Array;
  /** Whether `top` holds every non-mate score (nothing was dropped). */
  complete: boolean;
}

/**
 * Accumulates, block by block, what the weighted insightface 1:N rule needs: the mate
 * score and the non-mate count of each probe, and the largest non-mate scores with the
 * probe they came from. Fed the same blocks as `OpenSet1n.add` (probe rows scored against
 * the combined gallery G1 + G2), in probe order; `OpenSet1n.add` checks the scores for NaN.
 *
 * Memory: at most `max(2·keep, 4096)` scores with `keep = ceil(probes · maxFpir · depth)`.
 * A dropped score is never above a kept one, so a weighted k-th largest found among the
 * kept scores is exact; a resample that needs deeper gets NaN (see `OpenSet1nBootstrap`).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { matrix } from "../features/mod.ts";
 * import { OpenSet1nScores } from "./open_set_1n_scores.ts";
 * const acc = new OpenSet1nScores({ probes: 2 });
 * acc.add(matrix(2, 2, new Float32Array([0.9, 0.2, 0.4, 0.3])), {
 *   probe: new Int32Array([1, 2]),
 *   gallery: new Int32Array([1, 2]),
 * });
 * const kept = acc.probes();
 * assert.deepEqual(Array.from(kept.top), [0.4000000059604645, 0.20000000298023224]);
 * assert.deepEqual(Array.from(kept.topProbe), [1, 0]);
 * ```
 */
export class OpenSet1nScores {
  #keep: number;
  #score: Float64Array;
  #probe: Int32Array;
  #count = 0;
  #floor = -Infinity;
  #dropped = false;
  #mated: number[] = [];
  #mate: number[] = [];
  #negatives: number[] = [];

  constructor(options: OpenSet1nScoresOptions) {
    const maxFpir = options.maxFpir ?? 0.1, depth = options.depth ?? 8;
    if (!(maxFpir >= 0 && maxFpir <= 1) || !(options.probes >= 0) || !(depth >= 1)) {
      throw new RangeError(
        `Cannot keep non-mate scores for ${options.probes} probes up to FPIR ${maxFpir} ` +
          `at depth ${depth}: expected a count ≥ 0, an FPIR in [0, 1] and a depth ≥ 1`,
      );
    }
    this.#keep = Math.max(1, Math.ceil(options.probes * maxFpir * depth));
    const capacity = Math.max(2 * this.#keep, 4096);
    this.#score = new Float64Array(capacity);
    this.#probe = new Int32Array(capacity);
  }

  /**
   * Adds a block of probes scored against the whole combined gallery.
   *
   * @throws {TypeError} When the subject arrays do not match the matrix shape.
   */
  add(scores: Matrix, subjects: { probe: Int32Array; gallery: Int32Array }): void {
    const { probe, gallery } = subjects;
    if (scores.rows !== probe.length || scores.dim !== gallery.length) {
      throw new TypeError(
        `Cannot keep the non-mate scores of a ${scores.rows}×${scores.dim} score matrix ` +
          `with ${probe.length} probe and ${gallery.length} gallery subjects`,
      );
    }
    const cols = scores.dim, data = scores.data, known = new Set(gallery);
    for (let i = 0; i < scores.rows; i++) {
      const row = this.#mated.length, subject = probe[i]!, base = i * cols;
      if (!known.has(subject)) {
        this.#mated.push(0);
        this.#mate.push(NaN);
        this.#negatives.push(0);
        continue;
      }
      let mate = -Infinity, negatives = 0;
      for (let c = 0; c < cols; c++) {
        const s = data[base + c]!;
        if (gallery[c] === subject) {
          if (s > mate) mate = s;
        } else {
          negatives++;
          if (s > this.#floor) this.#push(s, row);
          else this.#dropped = true;
        }
      }
      this.#mated.push(1);
      this.#mate.push(mate);
      this.#negatives.push(negatives);
    }
  }

  /** Everything added so far; the kept non-mate scores sorted descending. */
  probes(): OpenSet1nProbes {
    const order = this.#order();
    return {
      mated: Uint8Array.from(this.#mated),
      mate: Float64Array.from(this.#mate),
      negatives: Float64Array.from(this.#negatives),
      top: Float64Array.from(order, (j) => this.#score[j]!),
      topProbe: Int32Array.from(order, (j) => this.#probe[j]!),
      complete: !this.#dropped,
    };
  }

  /** Indices of the buffer, by score descending (ties by probe row, for a fixed order). */
  #order(): number[] {
    const order = Array.from({ length: this.#count }, (_, j) => j);
    const score = this.#score, probe = this.#probe;
    return order.sort((a, b) => score[b]! - score[a]! || probe[a]! - probe[b]!);
  }

  #push(s: number, row: number): void {
    if (this.#count === this.#score.length) {
      // Keep the largest `#keep` scores: a later score at or below the smallest kept one
      // cannot be the weighted k-th largest for any k the kept weight reaches.
      const order = this.#order().slice(0, this.#keep);
      const score = Float64Array.from(order, (j) => this.#score[j]!);
      const probe = Int32Array.from(order, (j) => this.#probe[j]!);
      this.#score.set(score, 0);
      this.#probe.set(probe, 0);
      this.#count = this.#keep;
      this.#floor = score[score.length - 1]!;
      this.#dropped = true;
      if (!(s > this.#floor)) return;
    }
    this.#score[this.#count] = s;
    this.#probe[this.#count++] = row;
  }
}
