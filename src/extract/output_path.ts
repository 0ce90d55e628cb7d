/**
 * Output paths built from names read from input data, kept inside their output folder.
 *
 * @module
 */

/**
 * The path `<out>/<name>` for a name read from a data file, refusing any name that could
 * leave `out`: an absolute path (`/x.jpg`), a drive or UNC prefix (`C:\x`, `\\host`), a
 * `..` segment (`../../x.jpg`, `a/../../x`), a backslash (a separator on Windows), an
 * empty name or a NUL byte. `.` and empty segments are harmless and kept as they are.
 *
 * @param out The output folder.
 * @param name The relative name from the data file.
 * @param where Where the name was read, for the error message: `file` and 1-based `line`.
 * @throws {RangeError} `Cannot use the image name "../x.jpg" (meta/ijbb_face_tid_mid.txt
 *   line 3) as an output path: it leaves the output folder (".." segment)`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { outputPath } from "./output_path.ts";
 * assert.equal(outputPath("crops", "a/b.png", { file: "list.txt", line: 1 }), "crops/a/b.png");
 * assert.throws(() => outputPath("crops", "../b.png", { file: "list.txt", line: 2 }), RangeError);
 * ```
 */
export function outputPath(
  out: string,
  name: string,
  where: { file: string; line: number },
): string {
  const why = unsafeReason(name);
  if (why !== undefined) {
    throw new RangeError(
      `Cannot use the image name ${JSON.stringify(name)} (${where.file} line ${where.line}) ` +
        `as an output path: it leaves the output folder (${why})`,
    );
  }
  return `${out}/${name}`;
}

function unsafeReason(name: string): string | undefined {
  if (name === "") return "empty name";
  if (name.includes("\0")) return "NUL byte";
  if (name.startsWith("/")) return "absolute path";
  if (name.includes("\\")) return "backslash";
  if (/^[A-Za-z]:/.test(name)) return "drive prefix";
  if (name.split("/").includes("..")) return '".." segment';
  return undefined;
}
