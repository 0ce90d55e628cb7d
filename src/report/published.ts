/**
 * The published-numbers file (`benchmarks/published.json`, format in docs/paper.md): rows of
 * published results, each with its dataset, backbone, method label, source and values in
 * percent by `protocol → metric`. No I/O: parse text, look values up.
 */

/** One published result row. */
export interface PublishedRow {
  dataset: string;
  backbone: string;
  /** The method as the tables label it: "Average", "CAFace", "CAFace (N=8)". */
  method: string;
  /** Where the numbers come from. */
  source: string;
  /** `protocol → metric → percent`; IJB-B/C use `"verification"` with keys "1e-6" … "1e-1". */
  values: Record<string, Record<string, number>>;
}

/** A parsed published-numbers file. */
export interface PublishedNumbers {
  format: 1;
  rows: PublishedRow[];
}

/**
 * Parses and checks a published-numbers file; `name` is used in errors.
 *
 * @throws {SyntaxError} for text that is not JSON.
 * @throws {TypeError} naming the first bad field, e.g. `rows[2].values`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { parsePublished, publishedValue } from "./published.ts";
 * const p = parsePublished(JSON.stringify({ format: 1, rows: [{ dataset: "ijbs",
 *   backbone: "R100", method: "Average", source: "paper",
 *   values: { surveillance_to_single: { "Rank-1": 70.42 } } }] }), "p.json");
 * assert.equal(publishedValue(p, { dataset: "ijbs", backbone: "R100", method: "Average",
 *   protocol: "surveillance_to_single", metric: "Rank-1" }), 70.42);
 * ```
 */
export function parsePublished(text: string, name: string): PublishedNumbers {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(`Cannot parse ${name} as JSON: ${(error as Error).message}`);
  }
  const bad = (field: string, expected: string) =>
    new TypeError(`Cannot read ${name} as its field ${field} is not ${expected}`);
  const d = data as { format?: unknown; rows?: unknown };
  if (d?.format !== 1) throw bad("format", "1");
  if (!Array.isArray(d.rows)) throw bad("rows", "an array");
  d.rows.forEach((row: Record<string, unknown>, i: number) => {
    for (const key of ["dataset", "backbone", "method", "source"]) {
      if (typeof row?.[key] !== "string") throw bad(`rows[${i}].${key}`, "a string");
    }
    const values = row.values as Record<string, Record<string, unknown>> | undefined;
    if (typeof values !== "object" || values === null) throw bad(`rows[${i}].values`, "an object");
    for (const [protocol, metrics] of Object.entries(values)) {
      for (const [metric, v] of Object.entries(metrics ?? {})) {
        if (typeof v !== "number") {
          throw bad(`rows[${i}].values.${protocol}.${metric}`, "a number");
        }
      }
    }
  });
  return d as PublishedNumbers;
}

/** The published value for one cell, or undefined when none is recorded. */
export function publishedValue(
  published: PublishedNumbers,
  cell: { dataset: string; backbone: string; method: string; protocol: string; metric: string },
): number | undefined {
  for (const row of published.rows) {
    if (
      row.dataset === cell.dataset && row.backbone === cell.backbone && row.method === cell.method
    ) {
      const v = row.values[cell.protocol]?.[cell.metric];
      if (v !== undefined) return v;
    }
  }
  return undefined;
}
