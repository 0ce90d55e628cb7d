/**
 * Collects ROC points in decreasing-threshold order and drops collinear interior points
 * on the fly, as sklearn's `roc_curve(drop_intermediate=True)` does after the fact.
 *
 * @module
 */

/** The finished arrays of kept points, with the (0, 0) point already prepended. */
export interface _RocPoints {
  fps: Float64Array;
  tps: Float64Array;
  thresholds: Float64Array;
}

/**
 * Streaming form of sklearn's rule: with more than two points, an interior point is
 * dropped when both second differences of `fps` and `tps` are 0 at it; the first and last
 * points are always kept. The window looks at the original neighbours, not the kept ones.
 */
export class _RocBuilder {
  #fps: Float64Array;
  #tps: Float64Array;
  #thr: Float64Array;
  #kept = 0;
  #seen = 0;
  #f0 = 0;
  #t0 = 0;
  #f1 = 0;
  #t1 = 0;
  #th1 = 0;

  constructor(capacity: number) {
    const c = Math.max(16, capacity);
    this.#fps = new Float64Array(c);
    this.#tps = new Float64Array(c);
    this.#thr = new Float64Array(c);
    this.#kept = 1; // slot 0 is the prepended (0, 0) point
  }

  /** Adds the point of the next distinct score, in decreasing score order. */
  push(fps: number, tps: number, threshold: number): void {
    if (this.#seen === 0) {
      this.#keep(fps, tps, threshold);
    } else if (this.#seen >= 2) {
      if (this.#f0 - 2 * this.#f1 + fps !== 0 || this.#t0 - 2 * this.#t1 + tps !== 0) {
        this.#keep(this.#f1, this.#t1, this.#th1);
      }
    }
    this.#f0 = this.#f1;
    this.#t0 = this.#t1;
    this.#f1 = fps;
    this.#t1 = tps;
    this.#th1 = threshold;
    this.#seen++;
  }

  /**
   * Keeps the last point and prepends (0, 0) with threshold `top` (sklearn's
   * `thresholds[0] + 1`, computed by the caller in the score dtype).
   */
  finish(top: number): _RocPoints {
    if (this.#seen >= 2) this.#keep(this.#f1, this.#t1, this.#th1);
    const n = this.#kept;
    this.#fps[0] = 0;
    this.#tps[0] = 0;
    this.#thr[0] = top;
    // Views, not copies: the builder is done, and copying millions of points costs more
    // than the unused tail (never touched, so never resident) of a buffer sized for all.
    return {
      fps: this.#fps.subarray(0, n),
      tps: this.#tps.subarray(0, n),
      thresholds: this.#thr.subarray(0, n),
    };
  }

  /** The first kept threshold (the highest score); NaN before any point. */
  get firstThreshold(): number {
    return this.#kept > 1 ? this.#thr[1]! : NaN;
  }

  #keep(fps: number, tps: number, threshold: number): void {
    if (this.#kept === this.#fps.length) this.#grow();
    const k = this.#kept++;
    this.#fps[k] = fps;
    this.#tps[k] = tps;
    this.#thr[k] = threshold;
  }

  #grow(): void {
    const c = this.#fps.length * 2;
    const f = new Float64Array(c), t = new Float64Array(c), h = new Float64Array(c);
    f.set(this.#fps);
    t.set(this.#tps);
    h.set(this.#thr);
    this.#fps = f;
    this.#tps = t;
    this.#thr = h;
  }
}
