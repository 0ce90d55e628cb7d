import type { TemplateSet } from "./types.ts";
import { _basename, _readMetaFile } from "./_meta_file.ts";
import { _parseTemplateSet } from "./_parse_template_set.ts";

/**
 * Loads an IJB 1:N template set (a gallery or the probes) from its CSV, whose header is
 * `TEMPLATE_ID,SUBJECT_ID,FILENAME,SIGHTING_ID,FACE_X,FACE_Y,FACE_WIDTH,FACE_HEIGHT`, one
 * row per image (docs/ijb-layout.md).
 *
 * Gives one entry per template, in order of first appearance; the subject of a template is
 * the one on its first row, and later rows that name another subject are not checked (as in
 * insightface's `ijb_evals`). A file with only the header gives an empty set. Parsed with
 * csv-parse: quotes, a BOM, CRLF and blank lines are accepted.
 *
 * @param path The CSV file.
 * @param name The set's name, e.g. `"G1"`.
 * @throws {Error} `Cannot find meta file <path>` when the file is missing.
 * @throws {SyntaxError} for a wrong header, a row without 8 fields, or an id or box value
 * that is not a number, naming the file and its 1-based line.
 * @throws {RangeError} for an id above 2147483647.
 *
 * @example
 * ```ts ignore
 * const g1 = await loadTemplateSet("meta/ijbc_1N_gallery_G1.csv", "G1");
 * console.log(g1.templateIds.length); // 1772
 * ```
 */
export async function loadTemplateSet(path: string, name: string): Promise<TemplateSet> {
  const text = new TextDecoder().decode(await _readMetaFile(path));
  const { templateIds, subjectIds } = _parseTemplateSet(text, _basename(path));
  return { name, templateIds, subjectIds };
}
