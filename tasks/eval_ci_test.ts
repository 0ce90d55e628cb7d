import assert from "node:assert/strict";
import { runTask } from "./_run_task.ts";

Deno.test("eval task: intervals beside every metric, saved scores, --no-ci", async (t) => {
  const dir = await Deno.makeTempDir();
  await t.step("small protocols get ci95 with the same keys, recorded in provenance", async () => {
    const out = await runTask("tasks/eval.ts", [
      "synthetic",
      "--fusion",
      "average",
      "--bootstrap",
      "200",
      "--seed",
      "5",
      "--ci-format",
      "interval",
      "--save-scores",
      "--no-png",
      "--quiet",
      "--out",
      `${dir}/a`,
    ]);
    assert.equal(out.code, 0, out.stderr);
    assert.match(out.stdout, /\| Average +\| +91\.67†? \[\d+\.\d\d, \d+\.\d\d\] \|/);
    const metrics = JSON.parse(await Deno.readTextFile(`${dir}/a/metrics.json`));
    const { verification: v, identification: id } = metrics.results[0];
    assert.deepEqual(Object.keys(v.ci95.tar_at_far), Object.keys(v.tar_at_far));
    assert.deepEqual(Object.keys(id.ci95.rank), Object.keys(id.rank));
    // insightface-1n (the default rule) is resampled by the weighted 1:N rule.
    assert.equal(id.open_set_rule, "insightface-1n");
    assert.deepEqual(Object.keys(id.ci95.tpir_at_fpir), Object.keys(id.tpir_at_fpir));
    for (const [key, tpir] of Object.entries(id.tpir_at_fpir) as [string, number][]) {
      const [lo, hi] = id.ci95.tpir_at_fpir[key];
      assert.ok(0 <= lo && lo <= tpir && tpir <= hi && hi <= 1, `${key}: ${tpir} [${lo}, ${hi}]`);
    }
    for (const [key, tar] of Object.entries(v.tar_at_far) as [string, number][]) {
      const [lo, hi] = v.ci95.tar_at_far[key];
      assert.ok(lo <= hi && hi <= 1 && lo > 0.5, `${key}: ${tar} [${lo}, ${hi}]`);
    }
    assert.ok(v.ci95.auc[0] < v.auc && v.auc <= v.ci95.auc[1]);
    assert.deepEqual(metrics.provenance.uncertainty, {
      method:
        "two-stage bootstrap (subjects, then impostor pairs); identification stratified by gallery",
      interval: "wilson score, effective sample size; AUC studentized (bootstrap-t)",
      level: 0.95,
      resamples: 200,
      seed: 5,
      subjects: 36,
      subject_source: "template sets",
    });
    const index = JSON.parse(await Deno.readTextFile(`${dir}/a/scores/index.json`));
    assert.deepEqual(index.runs, [
      {
        protocol: null,
        fusion: "average",
        chunk: null,
        pairs: "pairs_average.npy",
        probes: "probes_average.npy",
      },
    ]);
    assert.equal((await Deno.stat(`${dir}/a/scores/pairs_average.npy`)).size, 128 + 4 * 2232);
  });
  await t.step("check pairs insightface-1n TPIR from the saved probe scores", async () => {
    const out = await runTask("tasks/check.ts", [
      "--baseline",
      `${dir}/a`,
      "--current",
      `${dir}/a`,
      "--bootstrap",
      "50",
    ]);
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(
      out.stdout,
      /\| TPIR@FPIR=1e-2 \[insightface-1n\] +\|[^\n]*\| +\[0\.00, 0\.00\] \| PASS/,
    );
  });
  await t.step("--no-ci leaves them out", async () => {
    const out = await runTask("tasks/eval.ts", [
      "synthetic",
      "--fusion",
      "average",
      "--no-ci",
      "--no-png",
      "--quiet",
      "--out",
      `${dir}/b`,
    ]);
    assert.equal(out.code, 0, out.stderr);
    const metrics = JSON.parse(await Deno.readTextFile(`${dir}/b/metrics.json`));
    assert.equal(metrics.results[0].verification.ci95, undefined);
    assert.equal(metrics.provenance.uncertainty, undefined);
  });
  await t.step("bad flags are usage errors", async () => {
    const out = await runTask("tasks/eval.ts", ["synthetic", "--bootstrap", "0"]);
    assert.equal(out.code, 2);
    assert.match(out.stderr, /Cannot use --bootstrap 0/);
  });
  await Deno.remove(dir, { recursive: true });
});
