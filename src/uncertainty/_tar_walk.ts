/**
 * The per-resample state of the TAR@FAR walk of `VerificationBootstrap`.
 *
 * @module
 */

/**
 * One resample's walk down the FAR levels for TAR@FAR. A level starts at each impostor
 * score group of positive weight; its TAR is the genuine weight above the next such group.
 * A level whose ROC point sklearn's `drop_intermediate` removes is no candidate; each
 * target is resolved between the last two candidate levels (ties go to the larger FAR).
 */
export class _TarWalk {
  readonly k: number;
  done = false;
  #fars: readonly number[];
  #order: number[];
  #P: Float64Array;
  #K: number;
  #WG: number;
  #WI: number;
  #out: Float64Array;
  #t = 0;
  #keptF = 0;
  #keptTar = NaN;
  #F = 0;
  #opened = false;
  #openGw = 0;
  #openGt = 0;
  #openTop = false;
  #openEnd = 0;

  constructor(
    fars: readonly number[],
    order: number[],
    P: Float64Array,
    K: number,
    k: number,
    WI: number,
    out: Float64Array,
  ) {
    [this.#fars, this.#order, this.#P, this.#K, this.k, this.#WI, this.#out] = [
      fars,
      order,
      P,
      K,
      k,
      WI,
      out,
    ];
    const G = (P.length / K) - 1;
    this.#WG = P[G * K + k]!;
    if (this.#WG === 0 || WI === 0) {
      for (let t = 0; t < fars.length; t++) out[t] = this.#WG === 0 ? NaN : 1;
      this.done = true;
    }
  }

  #at(g: number): number {
    return this.#P[g * this.#K + this.k]!;
  }

  #feed(F: number, tar: number): void {
    const fars = this.#fars, order = this.#order, m = fars.length;
    while (this.#t < m && F >= fars[order[this.#t]!]! * this.#WI) {
      const target = fars[order[this.#t]!]! * this.#WI;
      this.#out[order[this.#t]!] = F - target <= target - this.#keptF ? tar : this.#keptTar;
      this.#t++;
    }
    this.#keptF = F;
    this.#keptTar = tar;
  }

  /**
   * The next impostor score group: its weight `gw`, and the genuines strictly above it
   * (`r`) and down to its score (`e`). Returns whether the walk moved.
   */
  group(gw: number, r: number, e: number): boolean {
    if (gw === 0) return false;
    const above = this.#at(r);
    const gt = this.#at(e) - above;
    const tarBefore = above / this.#WG;
    if (!this.#opened) this.#keptTar = tarBefore; // level 0 (FAR 0) ends here
    else {
      const between = above - this.#at(this.#openEnd);
      const dropped = !this.#openTop && between === 0 && gw === this.#openGw &&
        gt === this.#openGt;
      if (!dropped) this.#feed(this.#F, tarBefore);
      if (this.#t >= this.#fars.length) {
        this.done = true;
        return true;
      }
    }
    this.#openTop = this.#F === 0 && above === 0;
    this.#F += gw;
    this.#opened = true;
    this.#openGw = gw;
    this.#openGt = gt;
    this.#openEnd = e;
    return true;
  }

  /** After the last group: the last level is always a candidate, with TAR 1. */
  finish(): void {
    if (this.done) return;
    if (this.#opened) this.#feed(this.#F, 1);
    for (; this.#t < this.#fars.length; this.#t++) {
      this.#out[this.#order[this.#t]!] = this.#keptTar;
    }
    this.done = true;
  }
}
