/**
 * Test helpers: damaged copies of the fixture checkpoints, written to temporary files.
 */
import { unzipSync, zipSync } from "fflate";

/** The repository root, relative to this file. */
export const _ROOT = new URL("../../", import.meta.url);

/** Absolute path of a file under `fixtures/`. */
export function _fixture(path: string): string {
  return new URL(`fixtures/${path}`, _ROOT).pathname;
}

/** Writes the first `keep` bytes of `source` (a fixture path) to `dest`. */
export async function _truncated(source: string, dest: string, keep: number): Promise<string> {
  const bytes = await Deno.readFile(_fixture(source));
  await Deno.writeFile(dest, bytes.subarray(0, keep));
  return dest;
}

/**
 * Rewrites `source` (a fixture path) to `dest` with the first occurrence of each `from`
 * replaced by `to` in its pickle. Both must have the same length in bytes (UTF-8 for text) so
 * the pickle's length prefixes stay valid.
 */
export async function _patched(
  source: string,
  dest: string,
  replacements: readonly (readonly [string | Uint8Array, string | Uint8Array])[],
): Promise<string> {
  const bytes = (v: string | Uint8Array) => typeof v === "string" ? new TextEncoder().encode(v) : v;
  const entries = unzipSync(await Deno.readFile(_fixture(source)));
  const name = Object.keys(entries).find((e) => e.endsWith("/data.pkl"))!;
  let pickle = entries[name]!;
  for (const [from, to] of replacements) {
    const a = bytes(from);
    const b = bytes(to);
    if (a.length !== b.length) throw new RangeError(`Cannot patch "${from}" to "${to}"`);
    const at = _indexOf(pickle, a);
    if (at < 0) throw new RangeError(`Cannot find "${from}" in ${source}`);
    pickle = pickle.slice();
    pickle.set(b, at);
  }
  entries[name] = pickle;
  await Deno.writeFile(dest, zipSync(entries, { level: 0 }));
  return dest;
}

function _indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** Names in `dir` (empty when it does not exist). */
export async function _listDir(dir: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return names.sort();
}
