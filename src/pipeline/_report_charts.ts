/**
 * The charts of one protocol's rows: ROC with its band, score histograms, CMC, the
 * open-set curve, and the headline metrics by chunk size when CAFace ran at several.
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import {
  chunkSweepChart,
  cmcChart,
  hasChunkSweep,
  methodLabel,
  openSetChart,
  PROTOCOL_TITLES,
  rocChart,
  scoreChart,
} from "../report/mod.ts";
import type { RunOutput } from "./evaluate.ts";

/** One chart to write: its file stem, its title in the HTML page and its spec. */
export interface _Chart {
  name: string;
  title: string;
  spec: TopLevelSpec;
}

/** The charts of the rows of one protocol (`undefined`: the benchmark's only one). */
export function _protocolCharts(
  runs: readonly RunOutput[],
  protocol: string | undefined,
): _Chart[] {
  const suffix = protocol ? `_${protocol}` : "";
  const named = protocol ? `: ${PROTOCOL_TITLES[protocol] ?? protocol}` : "";
  const label = (r: RunOutput) => methodLabel(r.result.fusion, r.result.chunk);
  const charts: _Chart[] = [];
  const withRoc = runs.filter((r) => r.roc && r.histogram);
  if (withRoc.length) {
    charts.push({
      name: `roc${suffix}`,
      title: `ROC (1:1 verification)${named}`,
      spec: rocChart(withRoc.map((r) => ({
        label: label(r),
        fpr: r.roc!.fpr,
        tpr: r.roc!.tpr,
        tarAtFar: r.result.verification?.tar_at_far,
        band: r.rocBand,
      }))),
    });
    charts.push({
      name: `scores${suffix}`,
      title: `Genuine and impostor scores${named}`,
      spec: scoreChart(withRoc.map((r) => ({ label: label(r), ...r.histogram! }))),
    });
  }
  const withCmc = runs.filter((r) => r.cmc);
  if (withCmc.length) {
    charts.push({
      name: `cmc${suffix}`,
      title: `CMC (1:N closed set)${named}`,
      spec: cmcChart(withCmc.map((r) => ({ label: label(r), curve: r.cmc! })), {
        title: `CMC${named}`,
      }),
    });
  }
  const withOpen = runs.filter((r) => r.openSet && r.openSet.fpir.length > 0);
  if (withOpen.length) {
    const rule = withOpen[0]!.result.identification?.open_set_rule;
    charts.push({
      name: `open_set${suffix}`,
      title: `Open set (1:N), ${rule} rule${named}`,
      spec: openSetChart(withOpen.map((r) => ({ label: label(r), ...r.openSet! })), {
        title: `TPIR vs FPIR (${rule})${named}`,
      }),
    });
  }
  const results = runs.map((r) => r.result);
  if (hasChunkSweep(results)) {
    charts.push({
      name: `by_chunk${suffix}`,
      title: `Headline metrics by chunk size${named}`,
      spec: chunkSweepChart(results, { title: `Metrics by chunk size${named}` }),
    });
  }
  return charts;
}
