import assert from "node:assert/strict";
import { runTask } from "./_run_task.ts";

const PROTOCOLS = [
  ["surveillance_to_single", "Surv-to-Single"],
  ["surveillance_to_booking", "Surv-to-Booking"],
  ["surveillance_to_surveillance", "Surv-to-Surv"],
] as const;
const SWEEP = [4, 8, 32, 64, 128, 256, 9999];

interface Row {
  protocol: string;
  fusion: string;
  chunk: number | null;
  identification: { rank: Record<string, number>; tpir_at_fpir: Record<string, number> };
}

Deno.test("eval ijbs-demo --fusion average,caface --chunk sweep writes the by-chunk table and a chart per split", async () => {
  const dir = await Deno.makeTempDir({ prefix: "ijbs_sweep_" });
  try {
    // The command as a user types it: the fixture's CAFace inputs are derived on first use
    // (into reports/cache/ijbs-demo-caface/) and reused.
    const out = `${dir}/out`;
    const result = await runTask("tasks/eval.ts", [
      "ijbs-demo",
      "--fusion",
      "average,caface",
      "--chunk",
      "sweep",
      "--no-ci",
      "--quiet",
      "--out",
      out,
    ]);
    assert.equal(result.code, 0, result.stderr);
    // The by-chunk table is printed; the verification-only split table has nothing to show.
    assert.match(result.stdout, /^\| Surv-to-Surv +\| CAFace +\| 9999 +\| +[\d.]+ \| +[\d.]+ \|$/m);
    assert.ok(!result.stdout.includes("Split N"));
    await assert.rejects(Deno.stat(`${out}/result_by_split.md`), Deno.errors.NotFound);
    const metrics: { results: Row[] } = JSON.parse(await Deno.readTextFile(`${out}/metrics.json`));
    // One result row per protocol and run: average, then the seven sizes.
    assert.equal(metrics.results.length, 3 * 8);
    // The table is the metrics rows: each split's average row, then CAFace by ascending size.
    const csv = (await Deno.readTextFile(`${out}/by_chunk.csv`)).trimEnd().split("\n");
    assert.equal(csv[0], "Split,Fusion,Chunk,Rank-1,TPIR@FPIR=1e-2");
    const expected = PROTOCOLS.flatMap(([protocol, title]) =>
      [null, ...SWEEP].map((chunk) => {
        const row = metrics.results.find((r) =>
          r.protocol === protocol && r.chunk === chunk &&
          r.fusion === (chunk === null ? "average" : "caface")
        )!;
        const pct = (v: number) => (v * 100).toFixed(2);
        return [
          title,
          chunk === null ? "Average" : "CAFace",
          chunk === null ? "–" : String(chunk),
          pct(row.identification.rank["1"]!),
          pct(row.identification.tpir_at_fpir["1e-2"]!),
        ].join(",");
      })
    );
    assert.deepEqual(csv.slice(1), expected);
    // A chart per split: log chunk axis, average as the reference rule, in every format.
    const html = await Deno.readTextFile(`${out}/report.html`);
    assert.ok(html.includes("By chunk size: headline metrics of each split (%)"));
    for (const [protocol, title] of PROTOCOLS) {
      const spec = JSON.parse(await Deno.readTextFile(`${out}/by_chunk_${protocol}.vl.json`));
      const [lines, rule] = spec.layer;
      assert.equal(lines.encoding.x.scale.type, "log");
      assert.deepEqual(lines.encoding.x.axis.values, SWEEP);
      assert.equal(rule.mark.type, "rule");
      const average = metrics.results.find((r) =>
        r.protocol === protocol && r.fusion === "average"
      )!;
      assert.deepEqual(
        rule.data.values.map((v: { value: number }) => v.value),
        [average.identification.rank["1"], average.identification.tpir_at_fpir["1e-2"]],
      );
      assert.ok(html.includes(`Headline metrics by chunk size: ${title}`), title);
      assert.ok((await Deno.stat(`${out}/by_chunk_${protocol}.png`)).size > 10_000);
      const svg = await Deno.readTextFile(`${out}/by_chunk_${protocol}.svg`);
      assert.ok(svg.includes(`Metrics by chunk size: ${title}`));
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
