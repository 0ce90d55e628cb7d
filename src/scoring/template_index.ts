/**
 * A lookup from template id to its row in the fused matrix (ids ascending).
 * Dense ids use a typed array; sparse or huge ids fall back to binary search.
 */
export class TemplateIndex {
  readonly #ids: Int32Array;
  readonly #dense: Int32Array | undefined;
  readonly #min: number;

  constructor(ids: Int32Array) {
    this.#ids = ids;
    this.#min = ids.length ? ids[0]! : 0;
    const span = ids.length ? ids[ids.length - 1]! - this.#min + 1 : 0;
    if (span > 0 && span <= Math.max(1 << 20, 8 * ids.length)) {
      this.#dense = new Int32Array(span).fill(-1);
      ids.forEach((id, i) => this.#dense![id - this.#min] = i);
    }
  }

  /** Row of `id`, or −1 when the id is unknown. */
  get(id: number): number {
    if (this.#dense) {
      const k = id - this.#min;
      return k >= 0 && k < this.#dense.length ? this.#dense[k]! : -1;
    }
    let lo = 0, hi = this.#ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.#ids[mid]!;
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** Rows of many ids, −1 for an unknown id. */
  lookup(ids: Int32Array): Int32Array {
    const out = new Int32Array(ids.length);
    const dense = this.#dense;
    if (dense) {
      const min = this.#min, span = dense.length;
      for (let i = 0; i < ids.length; i++) {
        const k = ids[i]! - min;
        out[i] = k >= 0 && k < span ? dense[k]! : -1;
      }
    } else {
      for (let i = 0; i < ids.length; i++) out[i] = this.get(ids[i]!);
    }
    return out;
  }

  /** Rows of many ids; throws a RangeError naming `what` on an unknown id. */
  rows(ids: Int32Array, what: string): Int32Array {
    const out = this.lookup(ids);
    for (let i = 0; i < out.length; i++) {
      if (out[i]! < 0) {
        throw new RangeError(
          `Cannot score ${what} entry ${i + 1}: template ${ids[i]} has no fused feature`,
        );
      }
    }
    return out;
  }
}
