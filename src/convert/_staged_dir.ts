/**
 * Writes a model directory atomically: everything goes to a hidden sibling staging directory
 * first, which is renamed into place only once complete, so a failed conversion leaves
 * nothing that looks like a model.
 */
import { basename, dirname, join, resolve } from "node:path";

/**
 * Calls `write(staging)`, then moves the staging directory to `outDir`: by one rename when
 * `outDir` does not exist, else file by file (each rename atomic), `meta.json` last, over an
 * existing directory. On any error the staging directory is removed and `outDir` is
 * untouched. Returns the paths written, `meta.json` last.
 *
 * @throws {TypeError} when `outDir` exists and is not a directory.
 */
export async function _writeStaged(
  outDir: string,
  write: (staging: string) => Promise<void>,
): Promise<string[]> {
  const target = resolve(outDir);
  const parent = dirname(target);
  await Deno.mkdir(parent, { recursive: true });
  const exists = await _isDirectory(outDir);
  const staging = join(parent, `.${basename(target)}.tmp-${crypto.randomUUID()}`);
  await Deno.mkdir(staging);
  try {
    await write(staging);
    const names: string[] = [];
    for await (const entry of Deno.readDir(staging)) names.push(entry.name);
    names.sort((a, b) => Number(a === "meta.json") - Number(b === "meta.json") || (a < b ? -1 : 1));
    if (exists) {
      for (const name of names) await Deno.rename(join(staging, name), join(outDir, name));
      await Deno.remove(staging);
    } else {
      await Deno.rename(staging, outDir);
    }
    return names.map((name) => join(outDir, name));
  } catch (error) {
    await Deno.remove(staging, { recursive: true }).catch(() => {});
    throw error;
  }
}

async function _isDirectory(path: string): Promise<boolean> {
  try {
    const info = await Deno.stat(path);
    if (!info.isDirectory) {
      throw new TypeError(`Cannot write a model directory to ${path} as it is a file`);
    }
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}
