import { parse } from "csv-parse/sync";
import { _parseDecimal, _parseId } from "./_meta_file.ts";

/** The header every IJB 1:N CSV starts with. */
export const _TEMPLATE_SET_HEADER = [
  "TEMPLATE_ID",
  "SUBJECT_ID",
  "FILENAME",
  "SIGHTING_ID",
  "FACE_X",
  "FACE_Y",
  "FACE_WIDTH",
  "FACE_HEIGHT",
] as const;

/** A parsed 1:N CSV, with the line where each template first appears. */
export interface _ParsedTemplateSet {
  readonly templateIds: Int32Array;
  readonly subjectIds: Int32Array;
  /** 1-based line of each template's first row. */
  readonly lines: Uint32Array;
}

interface _Row {
  record: string[];
  info: { lines: number };
}

/** Parses the text of a 1:N CSV; `file` names it in errors. */
export function _parseTemplateSet(text: string, file: string): _ParsedTemplateSet {
  let rows: _Row[];
  try {
    rows = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }) as unknown as _Row[];
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new SyntaxError(
      `Cannot read ${file}${line === undefined ? "" : ` line ${line}`} as CSV: ${
        (error as Error).message
      }`,
      { cause: error },
    );
  }
  const header = rows[0];
  const expected = _TEMPLATE_SET_HEADER.join(",");
  if (header === undefined || header.record.join(",") !== expected) {
    const found = header === undefined ? "empty" : `"${header.record.join(",")}"`;
    throw new SyntaxError(
      `Cannot read ${file} line 1 as its header is ${found}: expected "${expected}"`,
    );
  }
  const index = new Map<number, number>();
  const templateIds: number[] = [];
  const subjectIds: number[] = [];
  const lines: number[] = [];
  for (let r = 1; r < rows.length; r++) {
    const { record, info } = rows[r] as _Row;
    const where = `${file} line ${info.lines}`;
    if (record.length !== _TEMPLATE_SET_HEADER.length) {
      throw new SyntaxError(
        `Cannot read ${where} as it has ${record.length} fields: expected ${_TEMPLATE_SET_HEADER.length} (${expected})`,
      );
    }
    const template = _parseId(record[0] as string, where, "TEMPLATE_ID");
    const subject = _parseId(record[1] as string, where, "SUBJECT_ID");
    _parseId(record[3] as string, where, "SIGHTING_ID");
    for (let k = 4; k < 8; k++) {
      _parseDecimal(record[k] as string, where, _TEMPLATE_SET_HEADER[k] as string);
    }
    if (!index.has(template)) {
      index.set(template, templateIds.length);
      templateIds.push(template);
      subjectIds.push(subject);
      lines.push(info.lines);
    }
  }
  return {
    templateIds: Int32Array.from(templateIds),
    subjectIds: Int32Array.from(subjectIds),
    lines: Uint32Array.from(lines),
  };
}
