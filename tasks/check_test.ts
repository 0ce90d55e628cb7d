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
    assert.match(result.stdout, /PASS: 5 metrics within 0.1 pp/);
  });
  await t.step("a 1 pp drop in rank-1 fails", async () => {
    const result = await check(metrics(0.8, 0.9), metrics(0.8, 0.89));
    assert.equal(result.code, 1);
    assert.match(result.stdout, /Rank-1 \(average\) +\| +90\.00 \| +89\.00 \| +-1\.00 \| ▼ FAIL/);
    assert.match(result.stdout, /FAIL: 1 of 5 metrics dropped by more than 0.1 pp/);
  });
  await t.step("a looser tolerance lets it pass", async () => {
    const result = await check(metrics(0.8, 0.9), metrics(0.8, 0.89), ["--tolerance", "1.5"]);
    assert.equal(result.code, 0);
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
