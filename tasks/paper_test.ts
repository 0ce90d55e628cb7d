import assert from "node:assert/strict";
import { runTask } from "./_run_task.ts";
import { parsePublished, publishedValue } from "../src/report/mod.ts";

Deno.test("published.json holds AdaFace's IJB-B/C TAR@FAR=1e-4 with their source", async () => {
  const file = "benchmarks/published.json";
  const published = parsePublished(await Deno.readTextFile(file), file);
  // AdaFace README, "Mixed Quality Scenario": IJB-B / IJB-C TAR@FAR=0.01%.
  const expected: [string, number, number][] = [
    ["IR-100 WebFace4M", 96.03, 97.39],
    ["IR-100 MS1MV2", 95.67, 96.89],
    ["IR-100 WebFace12M", 96.41, 97.66],
  ];
  for (const [backbone, ijbb, ijbc] of expected) {
    for (const [dataset, value] of [["ijbb", ijbb], ["ijbc", ijbc]] as const) {
      const cell = { dataset, backbone, method: "Average", protocol: "verification" };
      assert.equal(publishedValue(published, { ...cell, metric: "1e-4" }), value);
      assert.equal(publishedValue(published, { ...cell, metric: "1e-5" }), undefined);
      const row = published.rows.find((r) => r.dataset === dataset && r.backbone === backbone);
      assert.match(row!.source, /AdaFace README.*Mixed Quality Scenario/);
    }
  }
});

Deno.test("paper task runs the fixtures, compares with published numbers and reuses parts", async () => {
  const dir = await Deno.makeTempDir();
  const args = ["--no-png", "--quiet", "--cache", `${dir}/cache`];
  const first = await runTask("tasks/paper.ts", [...args, "--out", `${dir}/a`]);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /CAFace: skipped \(no --caface MODELDIR\)/);
  assert.match(first.stdout, /\[2\/2\] IJB-S demo .*: evaluating into/);
  // The fixture's average Rank-1 on Surveillance-to-Single is 76.00 (reference.json); the
  // published IR-100 WebFace4M value is 70.42.
  assert.match(first.stdout, /76\.00 \(70\.42, \+5\.58\)/);
  assert.match(first.stdout, /100\.00 \(—\)/);
  // The demo's TAR@FAR=1e-4 beside AdaFace's published IJB-B value for IR-100 WebFace4M.
  assert.match(first.stdout, /100\.00 \(96\.03, \+3\.97\)/);
  assert.match(first.stdout, /embedded fixtures are small stand-ins, not IJB data/);
  const metrics = JSON.parse(await Deno.readTextFile(`${dir}/a/metrics.json`));
  const ijbs = metrics.results.filter((r: { dataset: string }) => r.dataset === "ijbs");
  assert.deepEqual(
    ijbs.map((r: { protocol: string }) => r.protocol),
    ["surveillance_to_single", "surveillance_to_booking", "surveillance_to_surveillance"],
  );
  const second = await runTask("tasks/paper.ts", [...args, "--out", `${dir}/b`]);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /\[1\/2\] .*: reused /);
  assert.match(second.stdout, /\[2\/2\] .*: reused /);
  assert.equal(
    await Deno.readTextFile(`${dir}/b/table.md`),
    await Deno.readTextFile(`${dir}/a/table.md`),
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("paper task skips each missing dataset with one line", async () => {
  const dir = await Deno.makeTempDir();
  const result = await runTask("tasks/paper.ts", [
    "--ijbs",
    `${dir}/nowhere`,
    "--ijbb",
    `${dir}/also-nowhere`,
    "--quiet",
    "--no-png",
    "--cache",
    `${dir}/cache`,
    "--out",
    `${dir}/out`,
  ]);
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /IJB-B: skipped \(.*also-nowhere\/meta not found\)/);
  assert.match(result.stdout, /Nothing to run: every dataset was skipped/);
  assert.match(
    result.stdout,
    /IJB-S: skipped \(.*nowhere\/protocols\/cs6_metadata\.csv not found\)/,
  );
  assert.match(result.stdout, /IJB-C: skipped \(no --ijbc DIR\)/);
  await Deno.remove(dir, { recursive: true });
});
