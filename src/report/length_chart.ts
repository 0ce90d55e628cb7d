import type { TopLevelSpec } from "vega-lite";
import { _colorScale, _config } from "./_theme.ts";

/** Per-probe outcomes of one method on one protocol. */
export interface LengthSeries {
  label: string;
  protocol: string;
  /** Frames listed per probe. */
  frames: Uint32Array;
  /** 1 when the probe is mated and rank-1. */
  rankOne: Uint8Array;
  /** 1 when the probe has a mate. */
  isMated: Uint8Array;
}

/** One point of {@linkcode rankOneByLength}: probes with `low ≤ frames ≤ high`. */
export interface LengthBin {
  low: number;
  high: number;
  probes: number;
  rate: number;
}

/**
 * Bins mated probes by frame count in powers of two (1, 2–3, 4–7, …; empty probes in a
 * bin of their own, low = high = 0) and returns the rank-1 rate of each non-empty bin.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { rankOneByLength } from "./length_chart.ts";
 * const bins = rankOneByLength(new Uint32Array([1, 3, 2]), new Uint8Array([1, 0, 1]), new Uint8Array([1, 1, 1]));
 * assert.deepEqual(bins, [{ low: 1, high: 1, probes: 1, rate: 1 }, { low: 2, high: 3, probes: 2, rate: 0.5 }]);
 * ```
 */
export function rankOneByLength(
  frames: Uint32Array,
  rankOne: Uint8Array,
  isMated: Uint8Array,
): LengthBin[] {
  const probes = new Map<number, number>(), hits = new Map<number, number>();
  for (let i = 0; i < frames.length; i++) {
    if (!isMated[i]) continue;
    const bin = frames[i] === 0 ? -1 : Math.floor(Math.log2(frames[i]!));
    probes.set(bin, (probes.get(bin) ?? 0) + 1);
    hits.set(bin, (hits.get(bin) ?? 0) + rankOne[i]!);
  }
  return [...probes.keys()].sort((a, b) => a - b).map((bin) => ({
    low: bin < 0 ? 0 : 2 ** bin,
    high: bin < 0 ? 0 : 2 ** (bin + 1) - 1,
    probes: probes.get(bin)!,
    rate: hits.get(bin)! / probes.get(bin)!,
  }));
}

/**
 * A Vega-Lite spec of rank-1 rate against template length (frames per probe, binned in
 * powers of two, log axis): one colour per method, one dash per protocol. Empty probes are
 * not drawn (a log axis has no 0).
 */
export function lengthChart(
  series: readonly LengthSeries[],
  options: { title?: string; width?: number; height?: number } = {},
): TopLevelSpec {
  const { title = "Rank-1 by template length", width = 520, height = 360 } = options;
  const values = series.flatMap((s) =>
    rankOneByLength(s.frames, s.rankOne, s.isMated).filter((b) => b.low > 0).map((b) => ({
      label: s.label,
      protocol: s.protocol,
      frames: Math.sqrt(b.low * (b.high + 1)),
      bin: b.low === b.high ? `${b.low}` : `${b.low}–${b.high}`,
      probes: b.probes,
      rate: b.rate,
    }))
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title,
    width,
    height,
    config: _config(),
    data: { values },
    mark: { type: "line", point: { filled: true, size: 30 }, strokeWidth: 2 },
    encoding: {
      x: {
        field: "frames",
        type: "quantitative",
        title: "Frames per probe (binned)",
        scale: { type: "log" },
      },
      y: { field: "rate", type: "quantitative", title: "Rank-1", axis: { format: ".0%" } },
      color: {
        field: "label",
        type: "nominal",
        scale: _colorScale([...new Set(series.map((s) => s.label))]),
        legend: { title: null },
      },
      strokeDash: {
        field: "protocol",
        type: "nominal",
        legend: { title: null, symbolType: "stroke", symbolStrokeColor: "#444", symbolSize: 300 },
      },
      tooltip: [
        { field: "label", type: "nominal", title: "Method" },
        { field: "protocol", type: "nominal" },
        { field: "bin", type: "nominal", title: "Frames" },
        { field: "probes", type: "quantitative", title: "Mated probes" },
        { field: "rate", type: "quantitative", title: "Rank-1", format: ".2%" },
      ],
    },
  };
}
