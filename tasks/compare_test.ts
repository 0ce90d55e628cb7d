import assert from "node:assert/strict";
import { runTask } from "./_run_task.ts";

Deno.test("compare task overlays two runs with deltas to the first", async () => {
  const dir = await Deno.makeTempDir();
  for (const [name, fusion] of [["base", "insightface,average"], ["new", "average"]]) {
    const out = await runTask("tasks/eval.ts", [
      "synthetic",
      "--fusion",
      fusion!,
      "--bootstrap",
      "50",
      "--no-png",
      "--quiet",
      "--out",
      `${dir}/${name}`,
    ]);
    assert.equal(out.code, 0, out.stderr);
  }
  const out = await runTask("tasks/compare.ts", [
    `${dir}/base`,
    `${dir}/new`,
    "--out",
    `${dir}/cmp`,
  ]);
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /\| new \| Average \| 91\.67 \(0\.00\) \|/);
  const roc = JSON.parse(await Deno.readTextFile(`${dir}/cmp/roc.vl.json`));
  const labels = new Set(
    roc.layer.flatMap((l: { data?: { values?: { label?: string }[] } }) =>
      (l.data?.values ?? []).map((v) => v.label).filter(Boolean)
    ),
  );
  assert.deepEqual([...labels].sort(), ["base: Average", "base: InsightFace", "new: Average"]);
  assert.ok(roc.layer.some((l: { mark: { type: string } }) => l.mark.type === "area"), "ROC band");
  assert.match(await Deno.readTextFile(`${dir}/cmp/report.html`), /deltas to the first run/);
  const other = await runTask("tasks/compare.ts", [`${dir}/base`]);
  assert.equal(other.code, 2);
  await Deno.remove(dir, { recursive: true });
});
