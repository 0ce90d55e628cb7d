/**
 * The chunk-size sweep (`--chunk sweep`): how the headline metrics of each split move with
 * CAFace's chunk size, as a table over every split and one chart per split, with the
 * unchunked fusions (average) as the reference.
 *
 * @module
 */
import { stringify } from "csv-stringify/sync";
import type { TopLevelSpec } from "vega-lite";
import { CHUNK_WHOLE } from "../core/mod.ts";
import type { FusionResult } from "../metrics/mod.ts";
import { _percent } from "./_format.ts";
import { _markdownTable } from "./_markdown.ts";
import { _colorScale, _config, _dashScale } from "./_theme.ts";
import { methodLabel, PROTOCOL_TITLES } from "./method_label.ts";

/**
 * The headline metrics of a result row, in column order: TAR@FAR=1e-4 for verification,
 * rank-1 and TPIR@FPIR=1e-2 for identification (the open-set rule of the row).
 */
export const CHUNK_SWEEP_METRICS: readonly {
  readonly name: string;
  readonly read: (r: FusionResult) => number | undefined;
}[] = [
  { name: "TAR@FAR=1e-4", read: (r) => r.verification?.tar_at_far["1e-4"] },
  { name: "Rank-1", read: (r) => r.identification?.rank["1"] },
  { name: "TPIR@FPIR=1e-2", read: (r) => r.identification?.tpir_at_fpir["1e-2"] },
];

/**
 * True when some fusion of some split was run at more than one chunk size: only then do
 * the report's "by chunk size" table and charts appear.
 */
export function hasChunkSweep(results: readonly FusionResult[]): boolean {
  const sizes = new Map<string, Set<number>>();
  for (const r of results) {
    if (r.chunk === null) continue;
    const key = `${r.protocol ?? ""}|${r.fusion}`;
    sizes.set(key, (sizes.get(key) ?? new Set()).add(r.chunk));
  }
  return [...sizes.values()].some((s) => s.size > 1);
}

/**
 * The "by chunk size" table: for each split (protocol, in order of appearance), the rows
 * without chunks first (the reference, e.g. average), then each chunked fusion by
 * ascending chunk size (`whole` last), with the headline metrics
 * ({@linkcode CHUNK_SWEEP_METRICS}) in percent. Only the metrics some row has are columns;
 * a missing value is "–". Returns `""` unless {@linkcode hasChunkSweep}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chunkSweepTable } from "./chunk_sweep.ts";
 * const id = (r1: number) => ({ probes: 4, rank: { "1": r1 }, tpir_at_fpir: { "1e-2": 0.5 } });
 * const csv = chunkSweepTable([
 *   { fusion: "average", chunk: null, identification: id(0.5) },
 *   { fusion: "caface", chunk: 9999, identification: id(0.75) },
 *   { fusion: "caface", chunk: 8, identification: id(0.25) },
 * ], { format: "csv" });
 * assert.equal(csv.split("\n")[2], "CAFace,8,25.00,50.00");
 * ```
 */
export function chunkSweepTable(
  results: readonly FusionResult[],
  options: { format?: "markdown" | "csv" } = {},
): string {
  if (!hasChunkSweep(results)) return "";
  const protocols = [...new Set(results.map((r) => r.protocol))];
  const metrics = CHUNK_SWEEP_METRICS.filter((m) => results.some((r) => m.read(r) !== undefined));
  const named = protocols.some((p) => p !== undefined);
  const header = [...(named ? ["Split"] : []), "Fusion", "Chunk", ...metrics.map((m) => m.name)];
  const cells = protocols.flatMap((protocol) =>
    _sweepOrder(results.filter((r) => r.protocol === protocol)).map((r) => [
      ...(named ? [protocol === undefined ? "–" : PROTOCOL_TITLES[protocol] ?? protocol] : []),
      methodLabel(r.fusion, null),
      r.chunk === null ? "–" : r.chunk === CHUNK_WHOLE ? "whole" : String(r.chunk),
      ...metrics.map((m) => {
        const v = m.read(r);
        return v === undefined || !Number.isFinite(v) ? "–" : _percent(v);
      }),
    ])
  );
  if (options.format === "csv") {
    return stringify([header, ...cells], { record_delimiter: "\n" });
  }
  return _markdownTable(
    header,
    cells,
    header.map((_, c) => c < header.length - metrics.length ? "left" : "right"),
  );
}

/**
 * A Vega-Lite spec of one split's headline metrics against chunk size: one colour per
 * metric, a line with points over the chunk sizes (log x axis) for each chunked fusion,
 * and a dashed horizontal rule at each unchunked fusion's value (average fusion, the
 * reference). `whole` has no place on a log axis and is left out (it is in the table).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { chunkSweepChart } from "./chunk_sweep.ts";
 * const id = (r1: number) => ({ probes: 4, rank: { "1": r1 }, tpir_at_fpir: {} });
 * const spec = chunkSweepChart([
 *   { fusion: "average", chunk: null, identification: id(0.5) },
 *   { fusion: "caface", chunk: 4, identification: id(0.25) },
 *   { fusion: "caface", chunk: 9999, identification: id(0.75) },
 * ]);
 * assert.equal(spec.title, "Headline metrics by chunk size");
 * ```
 */
export function chunkSweepChart(
  results: readonly FusionResult[],
  options: { title?: string; width?: number; height?: number } = {},
): TopLevelSpec {
  const { title = "Headline metrics by chunk size", width = 520, height = 360 } = options;
  const metrics = CHUNK_SWEEP_METRICS.filter((m) => results.some((r) => m.read(r) !== undefined));
  const point = (r: FusionResult) =>
    metrics.map((m) => ({
      metric: m.name,
      method: methodLabel(r.fusion, null),
      chunk: r.chunk,
      value: m.read(r),
    })).filter((v) => v.value !== undefined && Number.isFinite(v.value));
  const swept = results.filter((r) => r.chunk !== null && r.chunk !== CHUNK_WHOLE);
  const reference = results.filter((r) => r.chunk === null);
  const methods = [...new Set([...swept, ...reference].map((r) => methodLabel(r.fusion, null)))];
  const color = {
    field: "metric",
    type: "nominal" as const,
    scale: _colorScale(metrics.map((m) => m.name)),
    // Outside the plot: the lines may run anywhere, unlike a ROC curve's.
    legend: { title: null, orient: "right" as const },
  };
  const dash = {
    field: "method",
    type: "nominal" as const,
    scale: _dashScale(methods),
    legend: {
      title: null,
      orient: "right" as const,
      symbolType: "stroke",
      symbolStrokeColor: "#444",
      symbolSize: 300,
    },
  };
  const y = {
    field: "value",
    type: "quantitative" as const,
    title: "Rate",
    axis: { format: ".0%" },
    scale: { zero: false },
  };
  const tooltip = [
    { field: "method", type: "nominal" as const, title: "Fusion" },
    { field: "metric", type: "nominal" as const },
    { field: "value", type: "quantitative" as const, format: ".2%" },
  ];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width,
    height,
    config: _config(),
    layer: [
      {
        data: { values: swept.flatMap(point) },
        mark: { type: "line", point: { filled: true, size: 40 }, strokeWidth: 2 },
        encoding: {
          x: {
            field: "chunk",
            type: "quantitative",
            title: "Chunk size (images per chunk)",
            scale: { type: "log" },
            axis: { values: [...new Set(swept.map((r) => r.chunk!))], format: "d" },
          },
          y,
          color,
          strokeDash: dash,
          tooltip: [...tooltip, { field: "chunk", type: "quantitative", title: "Chunk" }],
        },
      },
      {
        data: { values: reference.flatMap(point) },
        mark: { type: "rule", strokeWidth: 1.5 },
        encoding: { y, color, strokeDash: dash, tooltip },
      },
    ],
  };
}

/** Rows without chunks first, then by fusion and ascending chunk size, `whole` last. */
function _sweepOrder(rows: readonly FusionResult[]): FusionResult[] {
  const size = (r: FusionResult) => r.chunk === CHUNK_WHOLE ? Infinity : r.chunk!;
  return [
    ...rows.filter((r) => r.chunk === null),
    ...rows.filter((r) => r.chunk !== null)
      .toSorted((a, b) => a.fusion.localeCompare(b.fusion) || size(a) - size(b)),
  ];
}
