import { sha256Hex } from "./sha256_hex.ts";

/**
 * The code a computation runs, as a digest: every source file in the transitive import
 * closure of its entry modules, plus `deno.lock` (the pinned dependencies). A cached result
 * recorded with one is valid only while {@linkcode changedCode} finds nothing.
 */
export interface CodeDigest {
  /** SHA-256 over `files`, in path order. */
  readonly sha256: string;
  /** Repository-relative path (`src/metrics/cmc.ts`, `deno.lock`) → SHA-256 of its bytes. */
  readonly files: Readonly<Record<string, string>>;
}

/** The repository root: two folders above this file. */
const _ROOT = new URL("../../", import.meta.url);

/** Source files: the only ones hashed and followed (a JSON file read at run time is data). */
const _SOURCE = /\.(ts|js|mjs)$/;

/**
 * Relative specifiers of a module, read from its source: `import … from`, `export … from`,
 * side-effect `import "…"`, dynamic `import("…")` and `new URL("…", import.meta.url)` (how
 * workers are started). `import type` and `export type` are erased before the code runs, so
 * they are not followed. Bare specifiers (`npm:` packages through `deno.json`) are left to
 * `deno.lock`.
 */
const _SPECIFIERS = [
  /\b(?:import|export)\s+(?!type\s)[^;'"`]*?\bfrom\s*["']([^"']+)["']/g,
  /\bimport\s*\(?\s*["']([^"']+)["']/g,
  /\bnew URL\(\s*["']([^"']+)["']\s*,\s*import\.meta\.url\s*\)/g,
];

/**
 * Digests the code of `entries` (module URLs, e.g. `new URL("./evaluate.ts",
 * import.meta.url)`): resolves every relative import from the source, transitively, and
 * hashes each source file reached together with `deno.lock`. A specifier that names no file
 * (one in a doc example) or a file that is not source (a JSON read as data) is skipped; `deno.lock` is recorded as `"missing"` where there is none.
 * `root` (default: this repository) is the folder paths are relative to and holds
 * `deno.lock`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { codeDigest } from "./code_digest.ts";
 * const code = await codeDigest([new URL("./code_digest.ts", import.meta.url)]);
 * assert.ok("src/provenance/code_digest.ts" in code.files);
 * assert.ok("deno.lock" in code.files);
 * ```
 */
export async function codeDigest(
  entries: readonly URL[],
  options: { root?: URL } = {},
): Promise<CodeDigest> {
  const root = options.root ?? _ROOT;
  const files = new Map<string, string>();
  const queue = [...entries];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const url = queue.pop()!;
    if (seen.has(url.href) || !_SOURCE.test(url.pathname)) continue;
    seen.add(url.href);
    let bytes: Uint8Array;
    try {
      bytes = await Deno.readFile(url);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.IsADirectory) {
        continue;
      }
      throw error;
    }
    files.set(_relative(url, root), await sha256Hex(bytes));
    const source = new TextDecoder().decode(bytes);
    for (const pattern of _SPECIFIERS) {
      for (const match of source.matchAll(pattern)) {
        const specifier = match[1]!;
        if (specifier.startsWith("./") || specifier.startsWith("../")) {
          queue.push(new URL(specifier, url));
        }
      }
    }
  }
  const lock = new URL("deno.lock", root);
  files.set(
    "deno.lock",
    await Deno.readFile(lock).then(sha256Hex, (error) => {
      if (error instanceof Deno.errors.NotFound) return "missing";
      throw error;
    }),
  );
  const sorted = Object.fromEntries([...files].sort(([a], [b]) => a < b ? -1 : a > b ? 1 : 0));
  const text = Object.entries(sorted).map(([path, sha]) => `${sha}  ${path}\n`).join("");
  return { sha256: await sha256Hex(new TextEncoder().encode(text)), files: sorted };
}

/**
 * The files in which two code digests differ (changed, added or removed), sorted; empty when
 * the code is the same. `before` may be missing or malformed (a record from an older
 * harness), which counts as every file changed.
 */
export function changedCode(before: unknown, after: CodeDigest): string[] {
  const old = (before as CodeDigest | undefined)?.files;
  if (typeof old !== "object" || old === null) return Object.keys(after.files);
  const paths = new Set([...Object.keys(old), ...Object.keys(after.files)]);
  return [...paths].filter((p) => old[p] !== after.files[p]).sort();
}

/** One line naming what changed: `code changed: src/metrics/cmc.ts` (the first five). */
export function codeChangeLine(changed: readonly string[]): string {
  const shown = changed.slice(0, 5).join(", ");
  return `code changed: ${shown}${changed.length > 5 ? ` and ${changed.length - 5} more` : ""}`;
}

function _relative(url: URL, root: URL): string {
  return url.href.startsWith(root.href) ? url.href.slice(root.href.length) : url.pathname;
}
