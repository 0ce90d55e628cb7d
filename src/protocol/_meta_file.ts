/** Returns the last path segment of `path`, for error messages. */
export function _basename(path: string): string {
  const i = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return i < 0 ? path : path.slice(i + 1);
}

/**
 * Reads a metadata file whole. A missing file becomes an `Error` whose message says
 * `Cannot find meta file <path>`, with the `Deno.errors.NotFound` as its cause.
 */
export async function _readMetaFile(path: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(`Cannot find meta file ${path}`, { cause: error });
    }
    throw error;
  }
}

/**
 * Splits the text of a space-separated metadata file into lines. Tolerates CRLF, trailing
 * spaces and trailing blank lines; a blank line before the end is kept (as "") so that
 * the caller reports it with its line number.
 */
export function _splitLines(text: string): string[] {
  const lines = text.split("\n");
  let end = lines.length;
  while (end > 0 && (lines[end - 1] ?? "").trim() === "") end--;
  lines.length = end;
  return lines;
}

/** Opens a metadata file for reading, with the same missing-file error as `_readMetaFile`. */
export async function _openMetaFile(path: string): Promise<Deno.FsFile> {
  try {
    return await Deno.open(path, { read: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(`Cannot find meta file ${path}`, { cause: error });
    }
    throw error;
  }
}

const _INTEGER = /^\d+$/;

/**
 * Parses a non-negative whole number that fits an Int32, or throws a SyntaxError
 * (RangeError when too large) that names `where`, e.g. `ijbb_face_tid_mid.txt line 3`.
 */
export function _parseId(token: string, where: string, field: string): number {
  if (!_INTEGER.test(token)) {
    throw new SyntaxError(
      `Cannot read ${where} as its ${field} is "${token}": expected a whole number`,
    );
  }
  const value = Number(token);
  if (value > 0x7fffffff) {
    throw new RangeError(
      `Cannot read ${where} as its ${field} is ${token}: expected at most 2147483647`,
    );
  }
  return value;
}

/** Parses a finite decimal number, or throws a SyntaxError that names `where` and `field`. */
export function _parseDecimal(token: string, where: string, field: string): number {
  // Number() rejects trailing junk but takes "0x1f", "0o7" and "0b1": turn those away too.
  const value = Number(token);
  const radix = token.charCodeAt(0) === 48 ? token.charCodeAt(1) | 32 : 0;
  if (!Number.isFinite(value) || token === "" || radix === 120 || radix === 111 || radix === 98) {
    throw new SyntaxError(`Cannot read ${where} as its ${field} is "${token}": expected a number`);
  }
  return value;
}
