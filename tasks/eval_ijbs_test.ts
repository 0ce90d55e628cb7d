import assert from "node:assert/strict";
import { runTask } from "./_run_task.ts";

Deno.test("eval ijbs-demo honours --ci, --save-scores, --dump-templates and writes every report file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const result = await runTask("tasks/eval.ts", [
      "ijbs-demo",
      "--ci",
      "--bootstrap",
      "200",
      "--save-scores",
      "--dump-templates",
      "--quiet",
      "--no-png",
      "--out",
      dir,
    ]);
    assert.equal(result.code, 0, result.stderr);
    // Values from fixtures/ijbs/reference.json (numpy), in percent, each with its interval.
    assert.match(
      result.stdout,
      /\| Average \|\s+76\.00 ± [\d.]+ \|\s+92\.00 ± [\d.]+ \|\s+31\.67 ± [\d.]+ \|\s+92\.00 ± /,
    );
    assert.match(
      result.stdout,
      /Surv-to-Single 5, Surv-to-Booking 5, Surv-to-Surv 11\) have no mate/,
    );
    const metrics = JSON.parse(await Deno.readTextFile(`${dir}/metrics.json`));
    assert.deepEqual(
      metrics.results.map((r: { protocol: string }) => r.protocol),
      ["surveillance_to_single", "surveillance_to_booking", "surveillance_to_surveillance"],
    );
    for (const row of metrics.results) {
      const id = row.identification;
      assert.equal(id.open_set_rule, "ijbs");
      for (const [k, value] of Object.entries(id.rank) as [string, number][]) {
        const [lo, hi] = id.ci95.rank[k];
        assert.ok(lo <= value && value <= hi, `${row.protocol} rank-${k}`);
      }
      for (const [k, value] of Object.entries(id.tpir_at_fpir) as [string, number][]) {
        const [lo, hi] = id.ci95.tpir_at_fpir[k];
        assert.ok(lo <= value && value <= hi, `${row.protocol} TPIR@${k}`);
      }
    }
    assert.equal(metrics.provenance.uncertainty.resamples, 200);
    const inputs = metrics.provenance.inputs.map((i: { path: string }) => i.path);
    assert.ok(inputs.includes("fixtures/ijbs/features.npy"));
    assert.ok(inputs.includes("fixtures/ijbs/protocols/cs6_metadata.csv"));
    assert.deepEqual(metrics.provenance.models, []);
    // The paper's IJB-S layout in LaTeX, saved scores per protocol, the dumped templates.
    const tex = await Deno.readTextFile(`${dir}/table.tex`);
    assert.match(tex, /Surv-to-Single Rank-1 .* Surv-to-Surv 1\\%/);
    assert.match(tex, /Average & 76\.00 \$\\pm\$ /);
    const index = JSON.parse(await Deno.readTextFile(`${dir}/scores/index.json`));
    assert.equal(index.open_set_rule, "ijbs");
    assert.equal(index.runs.length, 3);
    for (const protocol of metrics.results.map((r: { protocol: string }) => r.protocol)) {
      for (const f of ["probes_average.npy", "probe_mated.npy", "gallery_set.npy"]) {
        await Deno.stat(`${dir}/scores/${protocol}/${f}`);
      }
    }
    const ids = (await Deno.readTextFile(`${dir}/template_ids.txt`)).trim().split("\n");
    const npy = await Deno.readFile(`${dir}/templates_average.npy`);
    assert.match(
      new TextDecoder().decode(npy.subarray(0, 128)),
      new RegExp(`\\(${ids.length}, 32\\)`),
    );
    // Diagnostics per protocol: rank-1 by template length, the hardest probes.
    const diagnostics = await Deno.readTextFile(`${dir}/diagnostics.md`);
    assert.match(diagnostics, /Diagnostics \(Surv-to-Single\): rank-1 \(%\) by images/);
    assert.match(diagnostics, /Diagnostics \(Surv-to-Booking\): the hardest probes/);
    for (
      const name of [
        "cmc_surveillance_to_booking.svg",
        "open_set_surveillance_to_surveillance.svg",
        "by_size_surveillance_to_single.svg",
        "table_full.md",
        "report.html",
      ]
    ) {
      await Deno.stat(`${dir}/${name}`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("eval ijbs refuses the insightface fusion and a features file of the wrong length", async () => {
  const bad = await runTask("tasks/eval.ts", ["ijbs-demo", "--fusion", "insightface", "--quiet"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /Cannot use --fusion insightface on ijbs-demo/);
  const wrong = await runTask("tasks/eval.ts", [
    "ijbs",
    "--data",
    "fixtures/ijbs",
    "--features",
    "fixtures/synthetic/features.npy",
    "--quiet",
  ]);
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /expected 11661 \(one per line of image_list\.txt\)/);
});
