import assert from "node:assert/strict";
import { runTask } from "./_run_task.ts";

Deno.test("eval ijbs-demo runs the IJB-S fixture and writes one row per protocol", async () => {
  const dir = await Deno.makeTempDir();
  const result = await runTask("tasks/eval.ts", ["ijbs-demo", "--quiet", "--no-png", "--out", dir]);
  assert.equal(result.code, 0, result.stderr);
  // Values from fixtures/ijbs/reference.json (numpy), in percent.
  assert.match(result.stdout, /\| Average \|\s+76\.00 \|\s+92\.00 \|\s+31\.67 \|\s+92\.00 \|/);
  assert.match(result.stdout, /surveillance_to_single 25\/30 mated, 2 empty/);
  const metrics = JSON.parse(await Deno.readTextFile(`${dir}/metrics.json`));
  assert.equal(metrics.results.length, 3);
  assert.equal(metrics.results[0].protocol, "surveillance_to_single");
  assert.equal(metrics.results[0].identification.open_set_rule, "ijbs");
  assert.equal(metrics.results[0].identification.mated_probes, 25);
  for (
    const name of [
      "cmc_surveillance_to_booking.svg",
      "open_set_surveillance_to_surveillance.svg",
      "rank1_by_length.svg",
      "report.html",
    ]
  ) {
    await Deno.stat(`${dir}/${name}`);
  }
  await Deno.remove(dir, { recursive: true });
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
