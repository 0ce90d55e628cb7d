/** Console lines about an extraction: repairs, re-extracted rows, failures and warnings. */
import type { ExtractResult, RowWarning } from "../src/extract/mod.ts";
import { codeChangeLine } from "../src/provenance/mod.ts";

const _LISTED = 10;

const _WHAT: Record<RowWarning["kind"], string> = {
  "truncated": "truncated image(s), decoded partially as OpenCV does",
  "small": "image(s) much smaller than the backbone input",
  "non-finite": "row(s) non-finite (NaN or Inf) from the model",
};

/**
 * What a person should know after `extractFeatures`: rows redone because the preprocessing
 * code changed, damaged shards that were redone, rows redone because their image changed or
 * had failed, skipped images, and warnings, each
 * list cut at 10 names.
 */
export function extractionLines(
  result: Pick<
    ExtractResult,
    "failures" | "warnings" | "audit" | "computedRows" | "rows" | "store" | "codeChanged"
  >,
): string[] {
  const lines: string[] = [];
  if (result.codeChanged.length > 0) {
    lines.push(
      `${codeChangeLine(result.codeChanged)}: extracted every row of ${result.store.dir} again`,
    );
  }
  if (result.computedRows === 0) {
    lines.push(
      `reused all ${result.rows} rows of ${result.store.dir}: their images are unchanged and every shard matches its checksums`,
    );
  }
  for (const d of result.audit.damaged) {
    lines.push(`repaired: ${d.message.replace(/: the next.*$/, "")}; re-extracted`);
  }
  if (result.audit.changedRows > 0) {
    lines.push(`re-extracted ${result.audit.changedRows} rows whose image file changed`);
  }
  if (result.audit.retriedRows > 0) {
    lines.push(`retried ${result.audit.retriedRows} rows that had failed`);
  }
  for (const f of result.failures.slice(0, _LISTED)) {
    lines.push(`skipped row ${f.row} ${f.name}: ${f.reason}`);
  }
  if (result.failures.length > _LISTED) {
    lines.push(`… ${result.failures.length - _LISTED} more skipped`);
  }
  for (const kind of Object.keys(_WHAT) as RowWarning["kind"][]) {
    const rows = result.warnings.filter((w) => w.kind === kind);
    if (rows.length === 0) continue;
    const listed = rows.slice(0, _LISTED).map((w) => `row ${w.row} ${w.name}`).join(", ");
    lines.push(
      `warning: ${rows.length} ${_WHAT[kind]}: ${listed}${
        rows.length > _LISTED ? `, … ${rows.length - _LISTED} more` : ""
      }`,
    );
  }
  return lines;
}
