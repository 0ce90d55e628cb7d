import assert from "node:assert/strict";
import { FAR_TARGETS, rocCurve, tarAtFar } from "../src/metrics/mod.ts";
import { writeScores } from "../src/scores/mod.ts";
import { _ijbbScores } from "../src/uncertainty/_synthetic_scores.ts";
import { subjectIndex } from "../src/uncertainty/mod.ts";
import { runTask } from "./_run_task.ts";

// A 1:1 protocol of 150 subjects (600 genuine, 60,000 impostor pairs) from a fixed seed.
const base = _ijbbScores(11, { subjects: 150, probes: 600, impostors: 60_000 });
const pairs = { t1: base.subjects.first, t2: base.subjects.second, labels: base.labels };
const ids = Int32Array.from({ length: 150 }, (_, s) => s);
const index = subjectIndex([{ templateIds: ids, subjectIds: ids }], pairs);

async function run(dir: string, scores: Float32Array) {
  await Deno.mkdir(dir, { recursive: true });
  await writeScores(dir, {
    dataset: "fixture",
    index: {
      splits: [{ kind: "verification", pairs, source: "fixture pairs" }],
      subjects: index,
      rule: "ijb-evals",
    },
    runs: [{ fusion: "average", chunk: null, pairs: scores }],
  });
  const roc = rocCurve(scores, base.labels);
  const tars = tarAtFar(roc);
  await Deno.writeTextFile(
    `${dir}/metrics.json`,
    JSON.stringify({
      dataset: "fixture",
      provenance: { protocol: { pairs: scores.length } },
      results: [{
        fusion: "average",
        chunk: null,
        verification: {
          pairs: scores.length,
          genuine: roc.genuine,
          impostor: roc.impostor,
          tar_at_far: Object.fromEntries(FAR_TARGETS.map(([k], i) => [k, tars[i]])),
        },
      }],
    }),
  );
}

/** `change(score, subject)` for genuine pairs; impostors stay. */
function variant(change: (score: number, subject: number) => number): Float32Array {
  return base.scores.map((s, i) => base.labels[i] === 1 ? change(s, base.subjects.first[i]!) : s);
}

Deno.test("check task's paired gate: identical passes, a real drop fails, noise is inconclusive", async (t) => {
  const dir = await Deno.makeTempDir();
  await run(`${dir}/a`, base.scores);
  const gate = (name: string) =>
    runTask("tasks/check.ts", [
      "--baseline",
      `${dir}/a`,
      "--current",
      `${dir}/${name}`,
      "--bootstrap",
      "300",
      "--markdown",
      `${dir}/${name}.md`,
    ]);
  await t.step("identical runs pass with zero-width intervals", async () => {
    await run(`${dir}/same`, base.scores);
    const out = await gate("same");
    assert.equal(out.code, 0, out.stdout + out.stderr);
    assert.match(out.stdout, /TAR@FAR=1e-2 .*\| +\[0\.00, 0\.00\] \| PASS/);
    assert.match(out.stdout, /PASS: 0 failed, 0 inconclusive, 6 passed .*paired comparison/);
  });
  await t.step("every genuine score 0.1 lower is a real drop", async () => {
    await run(`${dir}/drop`, variant((s) => s - 0.1));
    const out = await gate("drop");
    assert.equal(out.code, 1, out.stdout);
    assert.match(out.stdout, /TAR@FAR=1e-2 .*\| FAIL/);
    assert.match(await Deno.readTextFile(`${dir}/drop.md`), /95% interval of Δ/);
  });
  await t.step("three subjects' genuine scores lower: inconclusive, not failed", async () => {
    await run(`${dir}/noise`, variant((s, subject) => subject < 3 ? s - 0.3 : s));
    const out = await gate("noise");
    assert.equal(out.code, 0, out.stdout);
    assert.match(out.stdout, /\| WARN/);
    assert.doesNotMatch(out.stdout, /\| FAIL/);
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("check task pairs identification metrics from two evals that saved scores", async () => {
  const dir = await Deno.makeTempDir();
  for (const name of ["a", "b"]) {
    const out = await runTask("tasks/eval.ts", [
      "synthetic",
      "--fusion",
      "average",
      "--bootstrap",
      "50",
      "--open-set-rule",
      "ijb-evals",
      "--save-scores",
      "--no-png",
      "--quiet",
      "--out",
      `${dir}/${name}`,
    ]);
    assert.equal(out.code, 0, out.stderr);
  }
  const out = await runTask("tasks/check.ts", [
    "--baseline",
    `${dir}/a`,
    "--current",
    `${dir}/b`,
    "--bootstrap",
    "100",
  ]);
  assert.equal(out.code, 0, out.stdout + out.stderr);
  for (const metric of ["TAR@FAR=1e-4", "AUC", "Rank-1", "TPIR@FPIR=1e-2 \\[ijb-evals\\]"]) {
    assert.match(out.stdout, new RegExp(`\\| ${metric} +\\|.*\\[0\\.00, 0\\.00\\] \\| PASS`));
  }
  assert.match(out.stdout, /paired comparison/);
  await Deno.remove(dir, { recursive: true });
});
