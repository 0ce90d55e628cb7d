/** {@linkcode listFrames}: the frames of a folder, in name order. */

/** Frame file names that are read: JPEG and PNG. */
const _FRAME_NAME = /\.(jpe?g|png)$/i;

/** Options for {@linkcode listFrames}. */
export interface ListFramesOptions {
  /** Keep at most this many frames (the first in name order). Default: all. */
  maxFrames?: number;
}

/**
 * The `.jpg`, `.jpeg` and `.png` files directly inside `dir`, as paths `dir/name`, sorted
 * by name with digit runs compared as numbers (`2.png` before `10.png`), then cut to
 * `maxFrames`.
 *
 * Degenerate cases: sub-folders and other files are ignored; a folder with no frame gives
 * an empty list (the caller decides whether that is an error).
 *
 * @throws {Deno.errors.NotFound} When `dir` does not exist.
 * @throws {RangeError} When `maxFrames` is not a whole number ≥ 1.
 */
export async function listFrames(dir: string, options: ListFramesOptions = {}): Promise<string[]> {
  const { maxFrames = Infinity } = options;
  if (maxFrames !== Infinity && (!Number.isInteger(maxFrames) || maxFrames < 1)) {
    throw new RangeError(`Cannot keep ${maxFrames} frames: expected a whole number ≥ 1`);
  }
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.isFile && _FRAME_NAME.test(entry.name)) names.push(entry.name);
  }
  const collator = new Intl.Collator("en", { numeric: true });
  names.sort((a, b) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
  return names.slice(0, maxFrames).map((name) => `${dir.replace(/\/+$/, "")}/${name}`);
}
