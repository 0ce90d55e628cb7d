import type { ImageTable } from "./types.ts";
import { _basename, _parseDecimal, _parseId, _readMetaFile, _splitLines } from "./_meta_file.ts";

const _LANDMARK_FIELDS = ["x1", "y1", "x2", "y2", "x3", "y3", "x4", "y4", "x5", "y5"] as const;

/**
 * Loads the per-image table of an IJB protocol from its two line-aligned files:
 * `<name> <template_id> <media_id>` (face_tid_mid) and
 * `<name> x1 y1 … x5 y5 <faceness>` (name_5pts_score), both space separated with no header
 * (docs/ijb-layout.md). Image *i* is line *i* of both files; they are not joined by name.
 *
 * Tolerates CRLF line ends, runs of spaces or tabs, and trailing blank lines. An empty file
 * gives a table of 0 rows.
 *
 * @throws {Error} `Cannot find meta file <path>` when either file is missing.
 * @throws {SyntaxError} for a wrong field count or a malformed number, naming the file
 * and its 1-based line.
 * @throws {RangeError} when the row counts differ or a line names another image, naming
 * the first mismatching line; or for an id above 2147483647.
 *
 * @example
 * ```ts ignore
 * const images = await loadImageTable("meta/ijbb_face_tid_mid.txt", "meta/ijbb_name_5pts_score.txt");
 * console.log(images.names.length);
 * ```
 */
export async function loadImageTable(
  faceTidMidPath: string,
  fivePtsPath: string,
): Promise<ImageTable> {
  const [tidBytes, ptsBytes] = await Promise.all([
    _readMetaFile(faceTidMidPath),
    _readMetaFile(fivePtsPath),
  ]);
  const tidFile = _basename(faceTidMidPath);
  const ptsFile = _basename(fivePtsPath);
  // ASCII files (every IJB release) are parsed as bytes, line by line, without per-line
  // strings; a line off the common shape goes through the string path, which also builds
  // the error messages, so both paths give the same table and the same errors.
  const ascii = _isAscii(tidBytes) && _isAscii(ptsBytes);
  const decoder = new TextDecoder(ascii ? "latin1" : "utf-8");
  const tidText = decoder.decode(tidBytes);
  // The 5-points text (4× the other) is decoded only if a line needs the string path.
  let ptsDecoded: string | undefined;
  const ptsText = () => ptsDecoded ??= decoder.decode(ptsBytes);
  const tid = ascii ? _byteLines(tidBytes) : _stringLines(tidText);
  const pts = ascii ? _byteLines(ptsBytes) : _stringLines(ptsText());

  const n = tid.count;
  const names: string[] = new Array(n);
  const templateIds = new Int32Array(n);
  const mediaIds = new Int32Array(n);
  const tokens = new Int32Array(2 * 12);
  for (let i = 0; i < n; i++) {
    const a = tid.starts[i]!, b = tid.ends[i]!;
    if (ascii && _tokens(tidBytes, a, b, tokens) === 3) {
      const tId = _id(tidBytes, tokens[2]!, tokens[3]!);
      const mId = _id(tidBytes, tokens[4]!, tokens[5]!);
      if (tId >= 0 && mId >= 0) {
        names[i] = tidText.slice(tokens[0]!, tokens[1]!);
        templateIds[i] = tId;
        mediaIds[i] = mId;
        continue;
      }
    }
    const where = `${tidFile} line ${i + 1}`;
    const fields = _fields(tidText.slice(a, b));
    if (fields.length !== 3) {
      throw new SyntaxError(
        `Cannot read ${where} as it has ${fields.length} fields: expected 3 ("name tid mid")`,
      );
    }
    names[i] = fields[0] as string;
    templateIds[i] = _parseId(fields[1] as string, where, "template id");
    mediaIds[i] = _parseId(fields[2] as string, where, "media id");
  }

  const landmarks = new Float32Array(n * 10);
  const faceness = new Float32Array(n);
  const m = Math.min(n, pts.count);
  const values = new Float64Array(11);
  for (let i = 0; i < m; i++) {
    const a = pts.starts[i]!, b = pts.ends[i]!;
    if (
      ascii && _tokens(ptsBytes, a, b, tokens) === 12 &&
      _sameBytes(ptsBytes, tokens[0]!, tokens[1]!, tidBytes, tid.starts[i]!, names[i]!.length) &&
      _decimals(ptsBytes, tokens, values)
    ) {
      for (let k = 0; k < 10; k++) landmarks[i * 10 + k] = values[k]!;
      faceness[i] = values[10]!;
      continue;
    }
    const where = `${ptsFile} line ${i + 1}`;
    const fields = _fields(ptsText().slice(a, b));
    if (fields.length !== 12) {
      throw new SyntaxError(
        `Cannot read ${where} as it has ${fields.length} fields: expected 12 ("name x1 y1 … x5 y5 faceness")`,
      );
    }
    if (fields[0] !== names[i]) {
      throw new RangeError(
        `Cannot align ${tidFile} with ${ptsFile} at line ${i + 1} as the names differ: "${
          names[i]
        }" and "${fields[0]}"`,
      );
    }
    for (let k = 0; k < 10; k++) {
      landmarks[i * 10 + k] = _parseDecimal(fields[k + 1] as string, where, _LANDMARK_FIELDS[k]!);
    }
    faceness[i] = _parseDecimal(fields[11] as string, where, "faceness");
  }
  if (pts.count !== n) {
    const [shorter, longer] = n < pts.count ? [tidFile, ptsFile] : [ptsFile, tidFile];
    throw new RangeError(
      `Cannot align ${tidFile} with ${ptsFile} at line ${
        m + 1
      } as ${shorter} has ${m} rows and ${longer} has ${Math.max(n, pts.count)}`,
    );
  }
  return { names, templateIds, mediaIds, landmarks, faceness };
}

/** Line `i` spans `[starts[i], ends[i])` of the text (byte offsets = character offsets). */
interface _Lines {
  count: number;
  starts: Int32Array;
  ends: Int32Array;
}

/** The lines of `_splitLines`, as offsets: split at LF, trailing blank lines dropped. */
function _stringLines(text: string): _Lines {
  const lines = _splitLines(text);
  const starts = new Int32Array(lines.length), ends = new Int32Array(lines.length);
  let at = 0;
  lines.forEach((line, i) => {
    starts[i] = at;
    ends[i] = at + line.length;
    at += line.length + 1;
  });
  return { count: lines.length, starts, ends };
}

/** `_stringLines` of an ASCII file, from its bytes. */
function _byteLines(bytes: Uint8Array): _Lines {
  let count = 1;
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) count++;
  const starts = new Int32Array(count), ends = new Int32Array(count);
  let line = 0;
  starts[0] = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 10) continue;
    ends[line++] = i;
    starts[line] = i + 1;
  }
  ends[line] = bytes.length;
  // Trailing blank lines (only ASCII whitespace, as String.trim() sees it) are dropped.
  while (count > 0 && _blank(bytes, starts[count - 1]!, ends[count - 1]!)) count--;
  return { count, starts, ends };
}

function _blank(bytes: Uint8Array, a: number, b: number): boolean {
  for (let i = a; i < b; i++) {
    const c = bytes[i]!;
    if (c !== 32 && !(c >= 9 && c <= 13)) return false;
  }
  return true;
}

function _isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 128) return false;
  return true;
}

/**
 * Splits `[a, b)` into tokens of printable bytes separated by spaces or tabs, with no
 * leading blank and only spaces, tabs or CR after the last token: the lines on which
 * `_fields()` is a plain split. Writes token bounds into `out` and returns their number,
 * or −1 for any other line (up to 12 tokens).
 */
function _tokens(bytes: Uint8Array, a: number, b: number, out: Int32Array): number {
  let count = 0, i = a;
  while (i < b) {
    const c = bytes[i]!;
    if (c > 32 && c < 127) {
      if (count === 12) return -1;
      out[2 * count] = i;
      while (i < b && bytes[i]! > 32 && bytes[i]! < 127) i++;
      out[2 * count + 1] = i;
      count++;
    } else if (c === 32 || c === 9) {
      if (count === 0) return -1;
      i++;
    } else if (c === 13) {
      for (let j = i; j < b; j++) {
        if (bytes[j] !== 13 && bytes[j] !== 32 && bytes[j] !== 9) return -1;
      }
      return count;
    } else return -1;
  }
  return count;
}

/** A whole number of 1 to 9 digits, or −1 (left to `_parseId`). */
function _id(bytes: Uint8Array, a: number, b: number): number {
  if (b - a > 9) return -1;
  let value = 0;
  for (let i = a; i < b; i++) {
    const d = bytes[i]! - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * True when the 5-points name at `[a, b)` has the bytes of the image name, `length` bytes
 * from `tidStart` (where a name parsed by bytes starts; for any other line the bytes there
 * hold a blank, which no token does, and the string path decides).
 */
function _sameBytes(
  bytes: Uint8Array,
  a: number,
  b: number,
  tidBytes: Uint8Array,
  tidStart: number,
  length: number,
): boolean {
  if (b - a !== length) return false;
  for (let k = 0; k < length; k++) if (bytes[a + k] !== tidBytes[tidStart + k]) return false;
  return true;
}

/**
 * Tokens 1–11 as decimals `-?digits(.digits)?` of at most 15 digits, each then exactly
 * `mantissa / 10^fraction` (both exact doubles, one correctly rounded division: the value
 * `Number()` gives). False when any token has another form (left to `_parseDecimal`).
 */
function _decimals(bytes: Uint8Array, tokens: Int32Array, out: Float64Array): boolean {
  for (let k = 1; k < 12; k++) {
    let i = tokens[2 * k]!;
    const b = tokens[2 * k + 1]!;
    const negative = bytes[i] === 45;
    if (negative) i++;
    let mantissa = 0, digits = 0, fraction = -1;
    for (; i < b; i++) {
      const c = bytes[i]!;
      if (c === 46 && fraction < 0 && digits > 0) {
        fraction = 0;
        continue;
      }
      const d = c - 48;
      if (d < 0 || d > 9) return false;
      mantissa = mantissa * 10 + d;
      digits++;
      if (fraction >= 0) fraction++;
    }
    if (digits === 0 || digits > 15 || fraction === 0) return false;
    const value = fraction > 0 ? mantissa / _POW10[fraction]! : mantissa;
    out[k - 1] = negative ? -value : value;
  }
  return true;
}

/** 10^0 … 10^15 by exact multiplication. */
const _POW10 = Array.from({ length: 16 }, (_, k) => k).map((k) => {
  let p = 1;
  for (let j = 0; j < k; j++) p *= 10;
  return p;
});

function _fields(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === "" ? [] : trimmed.split(/[ \t]+/);
}
