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
  const decoder = new TextDecoder();
  const tidFile = _basename(faceTidMidPath);
  const ptsFile = _basename(fivePtsPath);
  const tidLines = _splitLines(decoder.decode(tidBytes));
  const ptsLines = _splitLines(decoder.decode(ptsBytes));

  const n = tidLines.length;
  const names: string[] = new Array(n);
  const templateIds = new Int32Array(n);
  const mediaIds = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const where = `${tidFile} line ${i + 1}`;
    const fields = _fields(tidLines[i] ?? "");
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
  const m = Math.min(n, ptsLines.length);
  for (let i = 0; i < m; i++) {
    const where = `${ptsFile} line ${i + 1}`;
    const fields = _fields(ptsLines[i] ?? "");
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
  if (ptsLines.length !== n) {
    const [shorter, longer] = n < ptsLines.length ? [tidFile, ptsFile] : [ptsFile, tidFile];
    throw new RangeError(
      `Cannot align ${tidFile} with ${ptsFile} at line ${
        m + 1
      } as ${shorter} has ${m} rows and ${longer} has ${Math.max(n, ptsLines.length)}`,
    );
  }
  return { names, templateIds, mediaIds, landmarks, faceness };
}

function _fields(line: string): string[] {
  const trimmed = line.trim();
  return trimmed === "" ? [] : trimmed.split(/[ \t]+/);
}
