/**
 * The diagnostics section of the report: tables of accuracy by template size, the
 * hardest pairs, and their chart and thumbnail strip.
 *
 * @module
 */
import { thumbnailDataUrl } from "../demo/mod.ts";
import {
  bySizeChart,
  bySizeTable,
  hardestSvg,
  hardestTable,
  type RunDiagnostics,
} from "../diagnostics/mod.ts";
import { decodeImage } from "../images/mod.ts";
import type { Evaluation } from "./evaluate.ts";

/** Tables (markdown) and charts (spec or SVG) of the diagnostics section. */
export async function _diagnosticsSection(evaluation: Evaluation) {
  const runs = evaluation.runs.map((r) => r.diagnostics).filter((d): d is RunDiagnostics => !!d);
  const tables: { title: string; markdown: string }[] = [];
  if (runs.length === 0) return { tables, markdown: "", chart: undefined, strip: undefined };
  const far = runs[0]!.far;
  if (runs.some((r) => r.tarBySize)) {
    tables.push({
      title: `Diagnostics: TAR@FAR=${far} (%) by images in the smaller template of the pair`,
      markdown: bySizeTable(runs, "tarBySize"),
    });
  }
  if (runs.some((r) => r.rank1BySize)) {
    tables.push({
      title: "Diagnostics: rank-1 (%) by images in the probe template",
      markdown: bySizeTable(runs, "rank1BySize"),
    });
  }
  if (runs.some((r) => r.hardest)) {
    tables.push({ title: "Diagnostics: the hardest pairs", markdown: hardestTable(runs) });
  }
  // Thumbnails of the first run's hardest pairs, when the images are on disk.
  const first = runs.find((r) => r.hardest);
  let strip: string | undefined;
  if (first?.hardest) {
    const pairs = [
      ...first.hardest.genuine.slice(0, 4).map((p) => ({ ...p, kind: "lowest genuine" })),
      ...first.hardest.impostor.slice(0, 4).map((p) => ({ ...p, kind: "highest impostor" })),
    ];
    const thumbnails = new Map<string, string>();
    for (const path of new Set(pairs.flatMap((p) => [...p.paths1, ...p.paths2]))) {
      try {
        thumbnails.set(path, await thumbnailDataUrl(await decodeImage(path), { size: 48 }));
      } catch { /* features-only datasets have no images: the strip shows text alone */ }
    }
    if (thumbnails.size > 0) strip = hardestSvg(pairs, thumbnails);
  }
  const markdown = tables.map((t) => `## ${t.title}\n\n${t.markdown}`).join("\n");
  return { tables, markdown, chart: bySizeChart(runs), strip, stripTitle: first?.label };
}
