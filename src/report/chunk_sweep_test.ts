import assert from "node:assert/strict";
import type { FusionResult } from "../metrics/mod.ts";
import { chunkSweepChart, chunkSweepTable, hasChunkSweep } from "./chunk_sweep.ts";
import { renderSvg } from "./render_svg.ts";

const id = (rank1: number, tpir: number) => ({
  probes: 40,
  rank: { "1": rank1, "5": 0.99, "10": 1 },
  tpir_at_fpir: { "1e-2": tpir, "1e-1": 0.9 },
});
const row = (protocol: string, chunk: number | null, rank1: number, tpir: number) => ({
  protocol,
  fusion: chunk === null ? "average" : "caface",
  chunk,
  identification: id(rank1, tpir),
});
/** Two IJB-S splits, the seven sweep sizes on the first, two sizes on the second. */
const SWEEP: FusionResult[] = [
  row("surveillance_to_single", null, 0.6, 0.3),
  ...[4, 8, 32, 64, 128, 256, 9999].map((n, i) =>
    row("surveillance_to_single", n, 0.5 + i / 100, 0.2 + i / 50)
  ),
  row("surveillance_to_booking", 9999, 0.7125, 0.41),
  row("surveillance_to_booking", null, 0.65, 0.4),
  row("surveillance_to_booking", 8, 0.6875, 0.375),
];

Deno.test("chunkSweepTable() gives each split's headline metrics by ascending chunk size", () => {
  const csv = chunkSweepTable(SWEEP, { format: "csv" }).trimEnd().split("\n");
  assert.equal(csv[0], "Split,Fusion,Chunk,Rank-1,TPIR@FPIR=1e-2");
  assert.equal(csv.length, 1 + 8 + 3);
  // Every cell is the metrics row's value in percent: the table reads the rows, nothing else.
  const order = [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 8];
  for (const [line, index] of order.entries()) {
    const r = SWEEP[index]!;
    const cells = csv[line + 1]!.split(",");
    assert.equal(cells[2], r.chunk === null ? "–" : String(r.chunk));
    assert.equal(cells[3], (r.identification!.rank["1"]! * 100).toFixed(2));
    assert.equal(cells[4], (r.identification!.tpir_at_fpir["1e-2"]! * 100).toFixed(2));
  }
  assert.deepEqual(csv.slice(1, 3), [
    "Surv-to-Single,Average,–,60.00,30.00",
    "Surv-to-Single,CAFace,4,50.00,20.00",
  ]);
  assert.deepEqual(csv.slice(-3), [
    "Surv-to-Booking,Average,–,65.00,40.00",
    "Surv-to-Booking,CAFace,8,68.75,37.50",
    "Surv-to-Booking,CAFace,9999,71.25,41.00",
  ]);
  const md = chunkSweepTable(SWEEP);
  assert.match(md, /^\| Split +\| Fusion +\| Chunk +\| Rank-1 \| TPIR@FPIR=1e-2 \|$/m);
  assert.match(md, /^\| Surv-to-Single +\| CAFace +\| 9999 +\| +56\.00 \| +32\.00 \|$/m);
});

Deno.test("chunkSweepTable() is empty unless a fusion ran at several chunk sizes", () => {
  assert.equal(hasChunkSweep(SWEEP), true);
  const single = [
    row("surveillance_to_single", null, 0.6, 0.3),
    row("surveillance_to_single", 8, 0.5, 0.2),
  ];
  assert.equal(hasChunkSweep(single), false);
  assert.equal(chunkSweepTable(single), "");
  // IJB-B/C rows have no protocol: no split column; verification gives TAR@FAR=1e-4.
  const v = (tar: number) => ({
    pairs: 9,
    genuine: 3,
    impostor: 6,
    auc: 1,
    tar_at_far: { "1e-4": tar },
  });
  const csv = chunkSweepTable([
    { fusion: "caface", chunk: 0, verification: v(0.9) },
    { fusion: "caface", chunk: 8, verification: v(0.8) },
  ], { format: "csv" });
  assert.equal(csv, "Fusion,Chunk,TAR@FAR=1e-4\nCAFace,8,80.00\nCAFace,whole,90.00\n");
});

Deno.test("chunkSweepChart() draws metrics on a log chunk axis with average as a reference rule", async () => {
  const single = SWEEP.filter((r) => r.protocol === "surveillance_to_single");
  const spec = chunkSweepChart(single, { title: "Metrics by chunk size: Surv-to-Single" });
  // deno-lint-ignore no-explicit-any
  const [lines, rules] = (spec as any).layer;
  assert.equal(lines.encoding.x.field, "chunk");
  assert.deepEqual(lines.encoding.x.scale, { type: "log" });
  assert.deepEqual(lines.encoding.x.axis.values, [4, 8, 32, 64, 128, 256, 9999]);
  assert.equal(lines.mark.type, "line");
  assert.equal(lines.data.values.length, 14, "7 sizes × 2 metrics");
  assert.deepEqual(
    lines.data.values.filter((v: { chunk: number }) => v.chunk === 9999),
    [
      { metric: "Rank-1", method: "CAFace", chunk: 9999, value: 0.56 },
      { metric: "TPIR@FPIR=1e-2", method: "CAFace", chunk: 9999, value: 0.32 },
    ],
  );
  assert.equal(rules.mark.type, "rule");
  assert.equal(rules.encoding.y.field, "value");
  assert.equal(rules.encoding.x, undefined, "a horizontal line across the chart");
  assert.deepEqual(rules.data.values.map((v: { value: number }) => v.value), [0.6, 0.3]);
  assert.deepEqual(rules.encoding.strokeDash.scale.domain, ["CAFace", "Average"]);
  assert.notDeepEqual(rules.encoding.strokeDash.scale.range[1], [1, 0], "average is dashed");
  const svg = await renderSvg(spec);
  assert.ok(svg.includes(">Chunk size (images per chunk)</text>"));
  assert.ok(svg.includes(">9999</text>") && svg.includes(">4</text>"));
  assert.equal((svg.match(/class="mark-rule role-mark/g) ?? []).length, 1);
  assert.match(svg, /<g class="mark-rule role-mark[^"]*"[^>]*>(<line[^>]*>){2}/);
});
