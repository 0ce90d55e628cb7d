import type { TopLevelSpec } from "vega-lite";
import { labelColor } from "../report/mod.ts";
import type { SizeBin } from "./by_template_size.ts";
import { SIZE_BINS } from "./by_template_size.ts";
import type { HardPair } from "./hardest_pairs.ts";
import type { HardProbe } from "./hardest_probes.ts";

/** One fusion run's diagnostics, as the report shows them. */
export interface RunDiagnostics {
  label: string;
  far: number;
  tarBySize?: SizeBin[];
  rank1BySize?: SizeBin[];
  hardest?: { genuine: HardPair[]; impostor: HardPair[] };
  /** Mated probes whose mate ranks worst in the closed set. */
  hardestProbes?: HardProbe[];
}

/** Markdown: one row per fusion, one column per size bin, `rate (n)` in percent. */
export function bySizeTable(
  runs: readonly RunDiagnostics[],
  which: "tarBySize" | "rank1BySize",
): string {
  const shown = runs.filter((r) => r[which]);
  // Only the bins that hold something in some run: IJB-B/C stop at a few dozen images.
  const bins = SIZE_BINS.map((_, b) => b).filter((b) => shown.some((r) => r[which]![b]!.count > 0));
  const header = ["Method", ...bins.map((b) => `${SIZE_BINS[b]![0]} img`)];
  const rows = shown.map((r) => [
    r.label,
    ...bins.map((k) => {
      const b = r[which]![k]!;
      return b.count === 0 ? "–" : `${(b.rate * 100).toFixed(2)} (n=${b.count})`;
    }),
  ]);
  return _markdown(header, rows);
}

/** A Vega-Lite line chart of the rates by size bin: colour = fusion, dash = metric. */
export function bySizeChart(runs: readonly RunDiagnostics[]): TopLevelSpec {
  const values = runs.flatMap((r) => [
    ...(r.tarBySize ?? []).map((b) => ({
      ...b,
      label: r.label,
      metric: `TAR@FAR=${Number(r.far).toExponential()}`,
    })),
    ...(r.rank1BySize ?? []).map((b) => ({ ...b, label: r.label, metric: "Rank-1" })),
  ]).filter((v) => v.count > 0);
  const labels = [...new Set(runs.map((r) => r.label))];
  const metrics = [...new Set(values.map((v) => v.metric))].sort().reverse(); // Rank-1 first
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: "Accuracy by template size",
    width: 420,
    height: 260,
    data: { values },
    mark: { type: "line", point: true, strokeWidth: 2 },
    encoding: {
      x: {
        field: "bin",
        type: "ordinal",
        sort: SIZE_BINS.map(([b]) => b),
        title: "Images in the (smaller) template",
      },
      y: { field: "rate", type: "quantitative", title: "Rate", axis: { format: ".0%" } },
      color: {
        field: "label",
        type: "nominal",
        scale: { domain: labels, range: labels.map(labelColor) },
        title: null,
      },
      // The legend's symbols are the points' circles, so its labels name the line style.
      strokeDash: {
        field: "metric",
        type: "nominal",
        title: null,
        scale: { domain: metrics, range: metrics.map((_, i) => i === 0 ? [1, 0] : [6, 4]) },
        legend: {
          labelLimit: 320,
          labelExpr: `datum.label + (datum.label === ${
            JSON.stringify(metrics[0] ?? "")
          } ? " (solid)" : " (dashed)")`,
        },
      },
      tooltip: [
        { field: "label", type: "nominal" },
        { field: "metric", type: "nominal" },
        { field: "bin", type: "ordinal" },
        { field: "rate", type: "quantitative", format: ".2%" },
        { field: "count", type: "quantitative" },
      ],
    },
  };
}

/** Markdown of the hardest pairs of each run. */
export function hardestTable(runs: readonly RunDiagnostics[]): string {
  const header = ["Method", "Kind", "Template 1 (images)", "Template 2 (images)", "Score"];
  const rows = runs.flatMap((r) =>
    (["genuine", "impostor"] as const).flatMap((kind) =>
      (r.hardest?.[kind] ?? []).map((p) => [
        r.label,
        kind === "genuine" ? "lowest genuine" : "highest impostor",
        `${p.t1} (${p.images1})`,
        `${p.t2} (${p.images2})`,
        p.score.toFixed(4),
      ])
    )
  );
  return _markdown(header, rows);
}

/** Markdown of the hardest probes of each run: the mated probes whose mate ranks worst. */
export function hardestProbesTable(runs: readonly RunDiagnostics[]): string {
  const header = ["Method", "Probe (images)", "Mate rank", "Mate", "Mate score"];
  const rows = runs.flatMap((r) =>
    (r.hardestProbes ?? []).map((p) => [
      r.label,
      `${p.template} (${p.images})`,
      String(p.rank),
      String(p.mate),
      p.mateScore.toFixed(4),
    ])
  );
  return _markdown(header, rows);
}

/** One row of {@linkcode hardestSvg}: a caption and the two templates whose images it shows. */
export interface HardRow {
  caption: string;
  left: number;
  right: number;
}

/**
 * An SVG strip of hard cases with up to three thumbnails per template (`thumbnails` maps a
 * template id to `data:` URLs; a template without any is left blank).
 */
export function hardestSvg(
  rows: readonly HardRow[],
  thumbnails: ReadonlyMap<number, readonly string[]>,
): string {
  const size = 48, rowH = size + 12, width = 8 * size + 320;
  const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  const lines = rows.map((row, r) => {
    const y = r * rowH + 6;
    const images = (template: number, x0: number) =>
      (thumbnails.get(template) ?? []).slice(0, 3).map((url, k) =>
        `<image href="${url}" x="${
          x0 + k * (size + 2)
        }" y="${y}" width="${size}" height="${size}"/>`
      ).join("");
    return images(row.left, 0) + images(row.right, 3 * (size + 2) + 16) +
      `<text x="${6 * (size + 2) + 32}" y="${
        y + size / 2 + 4
      }" font-family="DejaVu Sans, sans-serif" font-size="12">${esc(row.caption)}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${
    rows.length * rowH + 12
  }">${lines.join("")}</svg>`;
}

function _markdown(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    line(header),
    `|${header.map((_, c) => (c === 0 ? ":---" : "---:")).join("|")}|`,
    ...rows.map(line),
  ]
    .join("\n") + "\n";
}
