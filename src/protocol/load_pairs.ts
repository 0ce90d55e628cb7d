import type { PairList } from "./types.ts";
import { readFull } from "../features/mod.ts";
import { _basename, _openMetaFile } from "./_meta_file.ts";
import { _PairParser } from "./_pair_parser.ts";

/** Options for {@linkcode loadPairs}. */
export interface LoadPairsOptions {
  /**
   * Called with (bytes parsed, file size in bytes) after each 8 MiB block and once at the
   * end. Default: none.
   */
  onProgress?: (done: number, total: number) => void;
}

const _BLOCK = 1 << 23;
const _CARRY = 1 << 12;

/**
 * Loads a verification pair list, `<tid1> <tid2> <label>` per line with label 1 genuine and
 * 0 impostor (docs/ijb-layout.md, `*_template_pair_label.txt`).
 *
 * The file is streamed in 8 MiB blocks (the next block is read while this one is parsed)
 * and parsed as bytes, with no per-line strings, so IJB-C's 15.7M lines need 16 MiB beside
 * the output; IJB-B's 8,010,270 lines load in about 0.2 to 0.3 s on 2 cores. Tolerates
 * CRLF, runs of spaces or tabs, leading zeros, trailing spaces and trailing blank lines; a
 * blank line before the last pair is an error, so pair *i* is line *i* + 1. A line longer
 * than 4 KiB is an error. An empty file gives 0 pairs.
 *
 * @throws {Error} `Cannot find meta file <path>` when the file is missing.
 * @throws {SyntaxError} for a line without 3 fields or a field that is not a whole number,
 * naming the file and its 1-based line.
 * @throws {RangeError} for a label other than 0 or 1, or an id above 2147483647.
 *
 * @example
 * ```ts ignore
 * const pairs = await loadPairs("meta/ijbb_template_pair_label.txt");
 * console.log(pairs.labels.length); // 8010270
 * ```
 */
export async function loadPairs(path: string, options: LoadPairsOptions = {}): Promise<PairList> {
  using file = await _openMetaFile(path);
  const size = (await file.stat()).size;
  const parser = new _PairParser(_basename(path), Math.min(Math.ceil(size / 6) + 1, 1 << 16));
  let buffer = _block();
  let spare = _block();
  let carry = new Uint8Array(0);
  let done = 0;
  let reading = readFull(file, buffer.subarray(_CARRY, _CARRY + _BLOCK));
  try {
    for (;;) {
      const n = await reading;
      const last = n < _BLOCK;
      if (!last) reading = readFull(file, spare.subarray(_CARRY, _CARRY + _BLOCK));
      const begin = _CARRY - carry.length;
      buffer.set(carry, begin);
      const view = buffer.subarray(begin, _CARRY + n + 1);
      view[view.length - 1] = 0;
      const consumed = parser.parse(view, view.length - 1, last);
      done += n;
      if (done === n && !last && consumed > 0) {
        parser.reserve((size * parser.count / consumed) * 1.02 + 1024);
      }
      carry = view.slice(consumed, view.length - 1);
      if (carry.length > _CARRY) {
        throw new SyntaxError(
          `Cannot read ${
            _basename(path)
          } line ${parser.nextLine} as it is longer than ${_CARRY} bytes`,
        );
      }
      if (last) break;
      [buffer, spare] = [spare, buffer];
      options.onProgress?.(done, size);
    }
  } catch (error) {
    // Let the read in flight finish before the file closes.
    await reading.catch(() => {});
    throw error;
  }
  options.onProgress?.(done, size);
  return parser.result();
}

function _block(): Uint8Array {
  return new Uint8Array(_CARRY + _BLOCK + 1);
}
