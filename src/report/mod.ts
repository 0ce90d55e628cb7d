/**
 * Tables, Vega-Lite charts and the HTML report. No I/O: functions take results and
 * arrays and return strings, specs or bytes.
 *
 * ```
 * FusionResult[] ─► resultTable() ─► markdown / CSV ─┐
 * ROC, CMC, scores ─► rocChart() … ─► renderSvg() ─► renderPng()
 *                                        └────────────┴─► htmlReport()
 * ```
 *
 * @module
 */
export { methodLabel, PROTOCOL_TITLES, rowTitle } from "./method_label.ts";
export { runKey } from "../core/mod.ts";
export { labelColor } from "./label_color.ts";
export {
  resultTable,
  type ResultTableOptions,
  TABLE_FORMATS,
  type TableFormat,
} from "./result_table.ts";
export { type DeltaRow, deltaTable, type DeltaTableOptions } from "./delta_table.ts";
export { downsampleRoc, type DownsampleRocOptions, type RocPoints } from "./downsample_roc.ts";
export {
  type ScoreHistogram,
  scoreHistogram,
  type ScoreHistogramOptions,
} from "./score_histogram.ts";
export { rocChart, type RocChartOptions, type RocCurve } from "./roc_chart.ts";
export { cmcChart, type CmcChartOptions, type CmcCurve } from "./cmc_chart.ts";
export { scoreChart, type ScoreChartOptions, type ScoreHistogramSeries } from "./score_chart.ts";
export { renderSvg, type RenderSvgOptions } from "./render_svg.ts";
export { renderPng, renderPngAsync, type RenderPngOptions } from "./render_png.ts";
export { htmlReport, type HtmlReportInput } from "./html_report.ts";
export { splitTable } from "./split_table.ts";
export {
  CHUNK_SWEEP_METRICS,
  chunkSweepChart,
  chunkSweepTable,
  hasChunkSweep,
} from "./chunk_sweep.ts";
export {
  IJBS_TABLE_METRICS,
  IJBS_TABLE_PROTOCOLS,
  ijbsTable,
  type IjbsTableOptions,
  type PublishedLookup,
} from "./ijbs_table.ts";
export { openSetChart, type OpenSetCurve } from "./open_set_chart.ts";
export { type LengthBin, lengthChart, type LengthSeries, rankOneByLength } from "./length_chart.ts";
export {
  parsePublished,
  type PublishedNumbers,
  type PublishedRow,
  publishedValue,
} from "./published.ts";
export { verificationPaperTable } from "./verification_paper_table.ts";
export {
  _colorScale as colorScale,
  _config as chartConfig,
  _dashScale as dashScale,
  _shapeScale as shapeScale,
} from "./_theme.ts";
