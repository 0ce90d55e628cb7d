import { atomicWriteFile } from "../features/mod.ts";
import type { ImageTable } from "../protocol/mod.ts";
import type { OnErrorMode } from "./extract.ts";
import type { RowFailure } from "./store_manifest.ts";
import { _AlignPool } from "./_worker_pool.ts";
import { _prefetch } from "./_image_jobs.ts";
import { outputPath } from "./output_path.ts";

/** Options for {@linkcode alignImages}. */
export interface AlignImagesOptions {
  /** The images and their landmarks. */
  table: ImageTable;
  /** Folder the image names are relative to (`<data>/loose_crop`). */
  imageDir: string;
  /** Output folder; crop of `a/b.jpg` goes to `<out>/a/b.png`. */
  out: string;
  /** Crop size. Default 112 (the ArcFace template is scaled by size/112). */
  size?: number;
  /** `skip` (default) records failures; `fail` stops at the first one. */
  onError?: OnErrorMode;
  /** Decode + align workers. Default `max(1, cores − 1)`. */
  workers?: number;
  /** The file the names were read from (row i is its line i + 1), for errors. Default `"the image list"`. */
  namesFile?: string;
}

/**
 * Writes the aligned crop of every image as an 8-bit RGB PNG (for inspection or for other
 * tools), keeping the sub-folders of the names and replacing the extension by `.png`.
 * Each file is written atomically. Unreadable images and bad landmarks are returned as
 * failures (`skip`) or stop the run with an error naming the image (`fail`).
 *
 * Every name is checked before any work starts: a name that would leave `out` (absolute,
 * `..` segments, backslashes; see {@linkcode outputPath}) is a RangeError naming the file
 * and line, and nothing is written.
 */
export async function alignImages(
  options: AlignImagesOptions,
  hooks: { onProgress?: (done: number, total: number) => void } = {},
): Promise<{ written: number; failures: RowFailure[] }> {
  const { table, out } = options;
  const total = table.names.length;
  const file = options.namesFile ?? "the image list";
  const paths = table.names.map((name, row) =>
    outputPath(out, `${name.replace(/\.[^./]*$/, "")}.png`, { file, line: row + 1 })
  );
  const workers = options.workers ?? Math.max(1, (navigator.hardwareConcurrency ?? 2) - 1);
  const pool = new _AlignPool(Math.max(1, workers), {
    kind: "init",
    size: options.size ?? 112,
    output: "png",
    tensor: {},
  });
  const failures: RowFailure[] = [];
  const made = new Set<string>();
  let written = 0;
  try {
    const rows = Array.from({ length: total }, (_, i) => i);
    const work = _prefetch(
      rows,
      8 * Math.max(1, workers),
      (row) =>
        pool.process(
          `${options.imageDir}/${table.names[row]}`,
          table.landmarks.slice(10 * row, 10 * row + 10),
        ),
    );
    for (const [row, ready] of work) {
      const reply = await ready;
      const name = table.names[row]!;
      if ("fatal" in reply) {
        throw new Error(`Cannot align image ${name} (row ${row}): ${reply.fatal}`);
      }
      if ("reason" in reply) {
        if (options.onError === "fail") {
          throw new Error(
            `Cannot align image ${name} (row ${row}) as it is unusable: ${reply.reason} (${reply.message})`,
          );
        }
        failures.push({ row, name, reason: reply.reason, message: reply.message });
      } else {
        const path = paths[row]!;
        const dir = path.slice(0, path.lastIndexOf("/"));
        if (!made.has(dir)) {
          await Deno.mkdir(dir, { recursive: true });
          made.add(dir);
        }
        await atomicWriteFile(path, reply.data as Uint8Array);
        written++;
      }
      hooks.onProgress?.(row + 1, total);
    }
  } finally {
    pool.close();
  }
  return { written, failures };
}
