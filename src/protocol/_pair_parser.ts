import type { PairList } from "./types.ts";

const _LF = 10;
const _CR = 13;
const _SPACE = 32;
const _TAB = 9;
const _INT32_MAX = 0x7fffffff;

/**
 * Incremental byte parser for `<tid1> <tid2> <label>` lines. Feed it consecutive blocks of
 * the file; each call parses the complete lines and returns where the unfinished last line
 * starts. A fast path takes the common shape (`digits SP digits SP [01] LF`, ids of at most
 * 9 digits); every other line goes through a careful per-line path that also builds the
 * error messages. Line numbers are counted, never searched for.
 */
export class _PairParser {
  #file: string;
  #t1: Int32Array;
  #t2: Int32Array;
  #labels: Uint8Array;
  #count = 0;
  #lines = 0;
  #firstBlank = 0;

  constructor(file: string, capacity: number) {
    this.#file = file;
    this.#t1 = new Int32Array(capacity);
    this.#t2 = new Int32Array(capacity);
    this.#labels = new Uint8Array(capacity);
  }

  /** The 1-based number of the next line to parse. */
  get nextLine(): number {
    return this.#lines + 1;
  }

  /** Number of pairs parsed so far. */
  get count(): number {
    return this.#count;
  }

  /**
   * Parses `bytes[0, end)`, where `bytes[end]` must exist and hold 0 (a sentinel). With
   * `last`, the final line needs no line feed. Returns the index where the unparsed rest
   * (an unfinished line) begins.
   */
  parse(bytes: Uint8Array, end: number, last: boolean): number {
    let pos = 0;
    while (pos < end) {
      if (this.#count + 65536 > this.#labels.length) {
        this.reserve(Math.max(this.#labels.length * 1.5, this.#count + 65536));
      }
      if (this.#firstBlank === 0) {
        pos = this.#fast(bytes, pos, end);
        if (pos >= end) break;
      }
      const next = this.#line(bytes, pos, end, last);
      if (next < 0) return pos;
      pos = next;
    }
    return end;
  }

  /** The pairs, trimmed to their count. */
  result(): PairList {
    const n = this.#count;
    const trim = <T extends Int32Array | Uint8Array>(a: T): T =>
      (a.length - n > n / 8 ? a.slice(0, n) : a.subarray(0, n)) as T;
    return { t1: trim(this.#t1), t2: trim(this.#t2), labels: trim(this.#labels) };
  }

  /** Parses common-shaped lines from `pos`; returns the start of the first other line. */
  #fast(bytes: Uint8Array, start: number, end: number): number {
    const t1 = this.#t1;
    const t2 = this.#t2;
    const labels = this.#labels;
    const limit = Math.min(labels.length, this.#count + 65536);
    let i = this.#count;
    let pos = start;
    let lineStart = start;
    while (i < limit && pos < end) {
      lineStart = pos;
      let d = (bytes[pos] as number) - 48;
      let s = pos;
      let a = 0;
      while ((d >>> 0) < 10) {
        a = a * 10 + d;
        d = (bytes[++pos] as number) - 48;
      }
      if (pos === s || pos - s > 9 || d !== _SPACE - 48) break;
      d = (bytes[++pos] as number) - 48;
      s = pos;
      let b = 0;
      while ((d >>> 0) < 10) {
        b = b * 10 + d;
        d = (bytes[++pos] as number) - 48;
      }
      if (pos === s || pos - s > 9 || d !== _SPACE - 48) break;
      const c = (bytes[++pos] as number) - 48;
      if ((c >>> 0) > 1 || bytes[++pos] !== _LF) break;
      t1[i] = a;
      t2[i] = b;
      labels[i] = c;
      i++;
      pos++;
      lineStart = pos;
    }
    this.#lines += i - this.#count;
    this.#count = i;
    return lineStart;
  }

  /** Parses one line from `start`; returns the next line's start, or -1 if unfinished. */
  #line(bytes: Uint8Array, start: number, end: number, last: boolean): number {
    let stop = bytes.subarray(0, end).indexOf(_LF, start);
    if (stop < 0 && !last) return -1;
    const next = stop < 0 ? end : stop + 1;
    if (stop < 0) stop = end;
    this.#lines++;
    const fields: string[] = [];
    let p = start;
    while (p < stop) {
      while (p < stop && _isBlank(bytes[p] as number)) p++;
      const s = p;
      while (p < stop && !_isBlank(bytes[p] as number)) p++;
      if (p > s) fields.push(String.fromCharCode(...bytes.subarray(s, p)));
    }
    if (fields.length === 0) {
      if (this.#firstBlank === 0) this.#firstBlank = this.#lines;
      return next;
    }
    const blank = this.#firstBlank;
    const where = `${this.#file} line ${blank === 0 ? this.#lines : blank}`;
    if (blank !== 0 || fields.length !== 3) {
      const n = blank === 0 ? fields.length : 0;
      throw new SyntaxError(
        `Cannot read ${where} as it has ${n} fields: expected 3 ("tid1 tid2 label")`,
      );
    }
    const values = [0, 0, 0];
    for (let k = 0; k < 3; k++) {
      const token = fields[k] as string;
      const name = _FIELD_NAMES[k];
      if (!/^\d+$/.test(token)) {
        throw new SyntaxError(
          `Cannot read ${where} as its ${name} is "${token}": expected a whole number`,
        );
      }
      const value = Number(token);
      if (k < 2 && value > _INT32_MAX) {
        throw new RangeError(
          `Cannot read ${where} as its ${name} is ${token}: expected at most 2147483647`,
        );
      }
      if (k === 2 && value > 1) {
        throw new RangeError(`Cannot read ${where} as its label is ${token}: expected 0 or 1`);
      }
      values[k] = value;
    }
    const i = this.#count++;
    if (i >= this.#labels.length) this.reserve(this.#labels.length * 1.5 + 1024);
    this.#t1[i] = values[0] as number;
    this.#t2[i] = values[1] as number;
    this.#labels[i] = values[2] as number;
    return next;
  }

  /** Makes room for at least `capacity` pairs in all. */
  reserve(capacity: number): void {
    capacity = Math.ceil(capacity);
    if (capacity <= this.#labels.length) return;
    const t1 = new Int32Array(capacity);
    const t2 = new Int32Array(capacity);
    const labels = new Uint8Array(capacity);
    t1.set(this.#t1.subarray(0, this.#count));
    t2.set(this.#t2.subarray(0, this.#count));
    labels.set(this.#labels.subarray(0, this.#count));
    this.#t1 = t1;
    this.#t2 = t2;
    this.#labels = labels;
  }
}

const _FIELD_NAMES = ["tid1", "tid2", "label"] as const;

function _isBlank(byte: number): boolean {
  return byte === _SPACE || byte === _TAB || byte === _CR;
}
