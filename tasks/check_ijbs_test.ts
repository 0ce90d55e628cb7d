/**
 * The paired regression gate on IJB-S, end to end: two `eval ijbs --save-scores` runs, then
 * `check`. An identical rerun passes; noise planted in 15% of the probe frames fails.
 */
import assert from "node:assert/strict";
import { matrix, readNpy, writeNpy } from "../src/features/mod.ts";
import { syntheticIjbs } from "../tools/synthetic/ijbs_layout.ts";
import { runTask } from "./_run_task.ts";

Deno.test("check on two IJB-S runs: paired gate, identical rerun passes, a planted drop fails", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    // 3,800 surveillance probe templates of 202 subjects, about 20,000 frames.
    const data = await syntheticIjbs(`${dir}/data`, { rows: 20_000, style: false });
    const features = await readNpy(`${data}/features.npy`);
    const names = (await Deno.readTextFile(`${data}/image_list.txt`)).trim().split("\n");
    // The planted drop: every seventh probe frame (15%) replaced by a random vector.
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5;
    const noisy = Float32Array.from(features.data);
    let planted = 0, frames = 0;
    names.forEach((name, r) => {
      if (!name.includes("/videos_")) return;
      frames++;
      if (frames % 7 !== 0) return;
      planted++;
      for (let j = 0; j < features.dim; j++) noisy[r * features.dim + j] = 4 * rand();
    });
    assert.ok(Math.abs(planted / frames - 0.143) < 0.01);
    await writeNpy(`${dir}/noisy.npy`, matrix(features.rows, features.dim, noisy));
    const evaluate = async (out: string, file: string) => {
      const run = await runTask("tasks/eval.ts", [
        "ijbs",
        "--data",
        data,
        "--features",
        file,
        "--save-scores",
        "--bootstrap",
        "300",
        "--no-png",
        "--quiet",
        "--out",
        `${dir}/${out}`,
      ]);
      assert.equal(run.code, 0, run.stderr);
    };
    await evaluate("a", `${data}/features.npy`);
    await evaluate("b", `${data}/features.npy`);
    await evaluate("c", `${dir}/noisy.npy`);
    await t.step("an identical rerun passes the paired gate", async () => {
      const check = await runTask("tasks/check.ts", [
        "--baseline",
        `${dir}/a`,
        "--current",
        `${dir}/b`,
      ]);
      assert.equal(check.code, 0, check.stdout + check.stderr);
      assert.match(check.stdout, /paired/i);
      assert.match(check.stdout, /surveillance_to_single|Surv-to-Single/);
    });
    await t.step("noise in 15% of the probe frames fails it with exit 1", async () => {
      const check = await runTask("tasks/check.ts", [
        "--baseline",
        `${dir}/a`,
        "--current",
        `${dir}/c`,
      ]);
      assert.equal(check.code, 1, check.stdout + check.stderr);
      assert.match(check.stdout, /paired/i);
      assert.match(check.stdout, /FAIL|regress/i);
    });
    await t.step(
      "compare overlays the runs' CMC and open-set curves, protocol by protocol",
      async () => {
        const out = await runTask("tasks/compare.ts", [
          `${dir}/a`,
          `${dir}/c`,
          "--out",
          `${dir}/cmp`,
        ]);
        assert.equal(out.code, 0, out.stderr);
        for (const kind of ["cmc", "open_set"]) {
          for (const protocol of ["single", "booking", "surveillance"]) {
            const spec = JSON.parse(
              await Deno.readTextFile(`${dir}/cmp/${kind}_surveillance_to_${protocol}.vl.json`),
            );
            const labels = new Set(
              JSON.stringify(spec).match(/"label":"[^"]+"/g)!.map((l) => l.slice(9, -1)),
            );
            assert.deepEqual([...labels].sort(), ["a: Average", "c: Average"], kind + protocol);
          }
        }
        const html = await Deno.readTextFile(`${dir}/cmp/report.html`);
        assert.match(html, /CMC \(1:N closed set\): Surv-to-Single/);
        // The table pairs rows by protocol: the planted drop shows as a negative delta.
        assert.match(out.stdout, /\| c \| Surv-to-Single: Average \| [\d.]+ \(-\d/);
      },
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
