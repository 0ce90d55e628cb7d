import { atomicWriteFile } from "../features/mod.ts";

/** The image extensions a scan of `images/` lists. */
const _IMAGE_FILE = /\.(jpe?g|png|bmp|webp)$/i;

/**
 * The IJB-S image list `<data>/image_list.txt` (paths relative to `<data>/images/`, one a
 * line), whose line order is the row order of the features. When the file exists it is
 * used as it is, never re-sorted. When it is missing, it is written from a sorted scan of
 * `<data>/images/<PID>/<file>` (plain code-unit order, as Python's `sorted`) and then used.
 *
 * Returns the path of the list and whether it was just written.
 *
 * @throws {Error} when the list is missing and `<data>/images/` cannot be read.
 */
export async function ensureImageList(data: string): Promise<{ path: string; created: boolean }> {
  const path = `${data}/image_list.txt`;
  try {
    await Deno.stat(path);
    return { path, created: false };
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const paths = await scanImages(`${data}/images`);
  await atomicWriteFile(path, paths.length ? paths.join("\n") + "\n" : "");
  return { path, created: true };
}

/**
 * Lists `<dir>/<PID>/<image>` as `PID/image`, sorted. Throws an Error naming `dir` when it
 * cannot be read.
 */
export async function scanImages(dir: string): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const subject of Deno.readDir(dir)) {
      if (!subject.isDirectory) continue;
      for await (const file of Deno.readDir(`${dir}/${subject.name}`)) {
        if (file.isFile && _IMAGE_FILE.test(file.name)) out.push(`${subject.name}/${file.name}`);
      }
    }
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(`Cannot write image_list.txt as ${dir} does not exist`);
    }
    throw error;
  }
  return out.sort();
}
