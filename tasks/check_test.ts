import assert from "node:assert/strict";
import { runTask } from "./_run_task.ts";

function metrics(tar: number, rank1: number) {
  return JSON.stringify({
    dataset: "demo",
    provenance: {},
    results: [{
      fusion: "average",
      chunk: null,
      verification: {
        pairs: 10,
        genuine: 5,
        impostor: 5,
        tar_at_far: { "1e-4": tar, "1e-3": 0.9 },
        auc: 0.99,
      },
      identification: { probes: 5, rank: { "1": rank1 }, tpir_at_fpir: { "1e-2": 0.5 } },
    }],
  });
}

async function check(baseline: string, current: string, extra: string[] = []) {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/a.json`, baseline);
  await Deno.writeTextFile(`${dir}/b.json`, current);
  const out = await runTask("tasks/check.ts", [
    "--baseline",
    `${dir}/a.json`,
    "--current",
    `${dir}/b.json`,
    ...extra,
  ]);
  await Deno.remove(dir, { recursive: true });
  return out;
}

Deno.test("check task passes within the tolerance and fails beyond it", async (t) => {
  await t.step("a 0.05 pp drop passes the default 0.1 pp", async () => {
    const result = await check(metrics(0.8, 0.9), metrics(0.7995, 0.9));
    assert.equal(result.code, 0, result.stdout + result.stderr);
    assert.match(
      result.stdout,
      /PASS: 0 failed, 0 inconclusive, 5 passed \(tolerance 0.1 pp, point comparison\)/,
    );
    assert.match(result.stdout, /Point comparison: the runs did not both save scores/);
  });
  await t.step("a 1 pp drop in rank-1 fails", async () => {
    const result = await check(metrics(0.8, 0.9), metrics(0.8, 0.89));
    assert.equal(result.code, 1);
    assert.match(
      result.stdout,
      /\| average \| Rank-1 +\| +90\.00 \| +89\.00 \| +-1\.00 \| +\(point\) \| FAIL/,
    );
    assert.match(result.stdout, /FAIL: 1 failed, 0 inconclusive, 4 passed/);
  });
  await t.step("a looser tolerance lets it pass", async () => {
    const result = await check(metrics(0.8, 0.9), metrics(0.8, 0.89), ["--tolerance", "1.5"]);
    assert.equal(result.code, 0);
  });
  await t.step("strict mode keeps the point comparison", async () => {
    const result = await check(metrics(0.8, 0.9), metrics(0.8, 0.89), ["--mode", "strict"]);
    assert.equal(result.code, 1);
  });
  await t.step("improvements never fail", async () => {
    const result = await check(metrics(0.8, 0.9), metrics(0.9, 0.95));
    assert.equal(result.code, 0);
  });
});

Deno.test("check task reports unreadable inputs", async (t) => {
  await t.step("malformed JSON", async () => {
    const result = await check("{", metrics(0.8, 0.9));
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Cannot parse .*a\.json as JSON/);
  });
  await t.step("no results field", async () => {
    const result = await check("{}", metrics(0.8, 0.9));
    assert.equal(result.code, 1);
    assert.match(result.stderr, /field "results" is missing/);
  });
  await t.step("missing flags", async () => {
    const out = await runTask("tasks/check.ts", []);
    assert.equal(out.code, 2);
  });
});

Deno.test("check task fails missing metrics and refuses other datasets", async (t) => {
  const without = JSON.parse(metrics(0.8, 0.9));
  delete without.results[0].verification.tar_at_far["1e-4"];
  await t.step("a metric the current run lacks fails, by name", async () => {
    const result = await check(metrics(0.8, 0.9), JSON.stringify(without));
    assert.equal(result.code, 1);
    assert.match(result.stdout, /\| average \| TAR@FAR=1e-4 .*FAIL \(missing in current\)/);
  });
  await t.step("--allow-missing lets a named omission pass", async () => {
    const result = await check(metrics(0.8, 0.9), JSON.stringify(without), [
      "--allow-missing",
      "TAR@FAR=1e-4 (average)",
    ]);
    assert.equal(result.code, 0, result.stdout);
  });
  await t.step("different datasets exit 2 with a clear line", async () => {
    const other = JSON.parse(metrics(0.8, 0.9));
    other.dataset = "synthetic";
    const result = await check(metrics(0.8, 0.9), JSON.stringify(other));
    assert.equal(result.code, 2);
    assert.match(
      result.stderr,
      /Cannot compare metrics of different datasets: baseline is "demo", current is "synthetic"/,
    );
  });
});
