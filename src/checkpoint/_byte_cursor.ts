/** Reads little-endian fields from a byte array front to back, for the unpickler. */
export class ByteCursor {
  /** Offset of the next unread byte. */
  pos = 0;
  #bytes: Uint8Array;
  #view: DataView;
  #fail: (why: string) => Error;
  #text = new TextDecoder("utf-8", { fatal: true });

  /** `fail` builds the error thrown when data ends early or a string is not UTF-8. */
  constructor(bytes: Uint8Array, fail: (why: string) => Error) {
    this.#bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#fail = fail;
  }

  #need(n: number): number {
    const at = this.pos;
    if (n < 0 || at + n > this.#bytes.length) {
      throw this.#fail(`data ends at byte ${this.#bytes.length}, expected ${n} more bytes`);
    }
    this.pos += n;
    return at;
  }
  u8(): number {
    return this.#bytes[this.#need(1)] as number;
  }
  u16(): number {
    return this.#view.getUint16(this.#need(2), true);
  }
  u32(): number {
    return this.#view.getUint32(this.#need(4), true);
  }
  i32(): number {
    return this.#view.getInt32(this.#need(4), true);
  }
  u64(): number {
    return Number(this.#view.getBigUint64(this.#need(8), true));
  }
  /** A big-endian float64, as pickle's BINFLOAT stores it. */
  f64be(): number {
    return this.#view.getFloat64(this.#need(8), false);
  }
  /** A copy of the next `n` bytes. */
  raw(n: number): Uint8Array {
    const at = this.#need(n);
    return this.#bytes.slice(at, at + n);
  }
  /** The next `n` bytes decoded as UTF-8. */
  str(n: number): string {
    const at = this.#need(n);
    try {
      return this.#text.decode(this.#bytes.subarray(at, at + n));
    } catch {
      throw this.#fail("string is not valid UTF-8");
    }
  }
  /** Text up to the next newline, which is consumed. */
  line(): string {
    const end = this.#bytes.indexOf(0x0a, this.pos);
    if (end < 0) throw this.#fail("newline not found");
    const s = new TextDecoder().decode(this.#bytes.subarray(this.pos, end));
    this.pos = end + 1;
    return s;
  }
  /** An `n`-byte two's-complement integer; a `bigint` only beyond ±2^53. */
  long(n: number): number | bigint {
    const b = this.raw(n);
    if (n === 0) return 0;
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i] as number);
    if ((b[n - 1] as number) & 0x80) v -= 1n << BigInt(8 * n);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(v)
      : v;
  }
}
