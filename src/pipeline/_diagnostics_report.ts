/**
 * The diagnostics section of the report: accuracy by template size, the hardest pairs
 * and probes, their chart and thumbnail strips.
 *
 * @module
 */
import type { TopLevelSpec } from "vega-lite";
import {
  bySizeChart,
  bySizeTable,
  hardestProbesTable,
  hardestSvg,
  hardestTable,
  type HardRow,
  type RunDiagnostics,
} from "../diagnostics/mod.ts";
import { decodeImage, thumbnailDataUrl } from "../images/mod.ts";
import type { BenchmarkData } from "../protocol/mod.ts";
import { TemplateIndex } from "../scoring/mod.ts";
import type { RunOutput } from "./evaluate.ts";

/** A diagnostics table, with the thumbnail strip of its rows when the images are on disk. */
export interface _DiagnosticsTable {
  title: string;
  markdown: string;
  figure?: { title: string; svg: string };
}

/** What the report shows of the diagnostics of one protocol's rows. */
export interface _DiagnosticsSection {
  tables: _DiagnosticsTable[];
  markdown: string;
  chart?: TopLevelSpec;
}

/**
 * Tables and chart of the diagnostics of `runs` (rows of one protocol). The hardest-pairs
 * and hardest-probes tables carry a strip of thumbnails of the first run's rows (both
 * templates, up to three images each) when their images are on disk.
 */
export async function _diagnosticsSection(
  runs: readonly RunOutput[],
  data: BenchmarkData,
  suffix = "",
): Promise<_DiagnosticsSection> {
  const all = runs.map((r) => r.diagnostics).filter((d): d is RunDiagnostics => !!d);
  const tables: _DiagnosticsTable[] = [];
  const section: _DiagnosticsSection = { tables, markdown: "" };
  if (all.length === 0) return section;
  const far = all[0]!.far;
  if (all.some((r) => r.tarBySize)) {
    tables.push({
      title: `Diagnostics${suffix}: TAR@FAR=${far} (%) by images in the smaller template`,
      markdown: bySizeTable(all, "tarBySize"),
    });
  }
  if (all.some((r) => r.rank1BySize)) {
    tables.push({
      title: `Diagnostics${suffix}: rank-1 (%) by images in the probe template`,
      markdown: bySizeTable(all, "rank1BySize"),
    });
  }
  const pairsTable: _DiagnosticsTable | undefined = all.some((r) => r.hardest)
    ? { title: `Diagnostics${suffix}: the hardest pairs`, markdown: hardestTable(all) }
    : undefined;
  const probesTable: _DiagnosticsTable | undefined = all.some((r) => r.hardestProbes?.length)
    ? {
      title: `Diagnostics${suffix}: the hardest probes (mate ranked worst)`,
      markdown: hardestProbesTable(all),
    }
    : undefined;
  if (pairsTable) tables.push(pairsTable);
  if (probesTable) tables.push(probesTable);
  section.markdown = tables.map((t) => `## ${t.title}\n\n${t.markdown}`).join("\n");
  section.chart = bySizeChart(all);
  // Thumbnails of the first run's hardest cases, when the images are on disk.
  const first = all[0]!;
  const pairRows: HardRow[] = [
    ...(first.hardest?.genuine ?? []).slice(0, 4).map((p) => ({ ...p, kind: "lowest genuine" })),
    ...(first.hardest?.impostor ?? []).slice(0, 4).map((p) => ({
      ...p,
      kind: "highest impostor",
    })),
  ].map((p) => ({
    caption: `${p.kind}: ${p.t1} (${p.images1} img) vs ${p.t2} (${p.images2} img), score ${
      p.score.toFixed(4)
    }`,
    left: p.t1,
    right: p.t2,
  }));
  const probeRows: HardRow[] = (first.hardestProbes ?? []).slice(0, 6).map((p) => ({
    caption: `probe ${p.template} (${p.images} img): mate ${p.mate} at rank ${p.rank}, ` +
      `score ${p.mateScore.toFixed(4)}`,
    left: p.template,
    right: p.mate,
  }));
  const thumbnails = await _thumbnails(
    [...pairRows, ...probeRows].flatMap((r) => [r.left, r.right]),
    data,
  );
  if (thumbnails.size > 0) {
    if (pairsTable && pairRows.length) {
      pairsTable.figure = {
        title: `Hardest pairs${suffix} (${first.label}): template 1 left, template 2 right`,
        svg: hardestSvg(pairRows, thumbnails),
      };
    }
    if (probesTable && probeRows.length) {
      probesTable.figure = {
        title: `Hardest probes${suffix} (${first.label}): probe frames left, mate right`,
        svg: hardestSvg(probeRows, thumbnails),
      };
    }
  }
  return section;
}

/**
 * Up to three 48-pixel thumbnails of each template, as `data:` URLs; templates whose images
 * are not on disk (features-only data) get none.
 */
async function _thumbnails(
  templates: readonly number[],
  data: BenchmarkData,
): Promise<Map<number, string[]>> {
  const index = new TemplateIndex(data.templates.ids);
  const { offsets, rows } = data.templates;
  const wanted = [...new Set(templates)];
  const rowsOf = wanted.map((t) => {
    const i = index.get(t);
    if (i < 0) return [];
    return Array.from(rows.subarray(offsets[i]!, Math.min(offsets[i + 1]!, offsets[i]! + 3)));
  });
  const names = await data.images.names(rowsOf.flat());
  const out = new Map<number, string[]>();
  let k = 0;
  for (const [i, template] of wanted.entries()) {
    const urls: string[] = [];
    for (let j = 0; j < rowsOf[i]!.length; j++, k++) {
      try {
        const image = await decodeImage(`${data.images.dir}/${names[k]}`);
        urls.push(await thumbnailDataUrl(image, { size: 48 }));
      } catch { /* not on disk: features-only data shows the text alone */ }
    }
    if (urls.length) out.set(template, urls);
  }
  return out;
}
