import assert from "node:assert/strict";
import { synthetic } from "../../benchmarks/synthetic.ts";
import { matrix, writeNpy } from "../features/mod.ts";
import { runEvaluation } from "./run_evaluation.ts";

const request = {
  benchmark: synthetic,
  data: "fixtures/synthetic",
  fusions: [{ kind: "average" as const }],
  tasks: ["identification" as const],
};

Deno.test("runEvaluation() keeps the previous report whole when a rerun fails", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/out`);
    await Deno.writeTextFile(`${dir}/out/metrics.json`, "previous run");
    await writeNpy(`${dir}/short.npy`, matrix(10, 4));
    await assert.rejects(
      () => runEvaluation({ ...request, features: `${dir}/short.npy` }, { out: `${dir}/out` }),
      TypeError,
      "it has 10 rows, expected 797",
    );
    assert.deepEqual([...Deno.readDirSync(`${dir}/out`)].map((e) => e.name), ["metrics.json"]);
    assert.equal(await Deno.readTextFile(`${dir}/out/metrics.json`), "previous run");
    assert.deepEqual([...Deno.readDirSync(dir)].map((e) => e.name).sort(), ["out", "short.npy"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runEvaluation() replaces the previous report as a whole", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/out`);
    await Deno.writeTextFile(`${dir}/out/metrics.json`, "previous run");
    await Deno.writeTextFile(`${dir}/out/result_by_split.md`, "previous run");
    const { written } = await runEvaluation(
      { ...request, features: "fixtures/synthetic/features.npy" },
      { out: `${dir}/out`, skipPng: true },
    );
    const now = [...Deno.readDirSync(`${dir}/out`)].map((e) => e.name).sort();
    assert.deepEqual(now, [...written].sort());
    assert.ok(!now.includes("result_by_split.md"));
    const metrics = JSON.parse(await Deno.readTextFile(`${dir}/out/metrics.json`));
    assert.equal(metrics.results[0].identification.open_set_rule, "insightface-1n");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
