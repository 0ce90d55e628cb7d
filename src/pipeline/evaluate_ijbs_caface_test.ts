import assert from "node:assert/strict";
import { BENCHMARKS } from "../../benchmarks/mod.ts";
import { writeIjbsCafaceInputs } from "../../tools/caface/ijbs_inputs.ts";
import { loadIjbsCafaceReference } from "../../tools/caface/ijbs_reference.ts";
import { evaluate } from "./evaluate.ts";

const FIXTURE = new URL("../../fixtures/ijbs/", import.meta.url).pathname;

Deno.test("evaluate() with CAFace on the IJB-S fixture matches the PyTorch reference at chunks 9999 and 8", async () => {
  const ref = await loadIjbsCafaceReference();
  const dir = await Deno.makeTempDir({ prefix: "ijbs_caface_" });
  try {
    await writeIjbsCafaceInputs(dir);
    const evaluation = await evaluate({
      benchmark: BENCHMARKS.ijbs,
      data: FIXTURE,
      features: `${dir}/features.npy`,
      style: `${dir}/style.npy`,
      fusions: [{ kind: "caface", modelDir: `${dir}/model`, chunks: [9999, 8] }],
    });
    // Templates are matched to the reference by their first image row and size.
    const { offsets, rows } = evaluation.data.templates;
    const count = offsets.length - 1;
    assert.equal(count, ref.templates.length);
    const position = new Map(ref.templates.map((t, i) => [`${t.first_row}:${t.rows}`, i]));
    const errors: Record<string, number> = {};
    for (const fused of evaluation.fused) {
      assert.equal(fused.droppedRows, 2, "the feature NaN row and the style NaN row");
      const expected = ref.get(`ijbs_${fused.chunk}`);
      const got = fused.templates.features.data;
      let worst = 0;
      for (let t = 0; t < count; t++) {
        const size = offsets[t + 1]! - offsets[t]!;
        const i = position.get(`${size === 0 ? null : rows[offsets[t]!]}:${size}`);
        assert.ok(i !== undefined, `template ${t} is in the reference`);
        for (let j = 0; j < 512; j++) {
          worst = Math.max(worst, Math.abs(got[t * 512 + j]! - expected[i * 512 + j]!));
        }
      }
      errors[String(fused.chunk)] = worst;
      assert.ok(worst <= 1e-4, `chunk ${fused.chunk}: max |difference| ${worst}`);
    }
    console.log("IJB-S CAFace max |difference| by chunk", errors);
    // The rates are those of the public evaluation code on the reference's features.
    assert.equal(evaluation.runs.length, 6);
    for (const run of evaluation.runs) {
      const expected = ref.protocols[String(run.result.chunk)]![run.result.protocol!]!;
      const id = run.result.identification!;
      const what = `${run.run} ${run.result.protocol}`;
      assert.equal(id.probes, expected.probes, what);
      assert.equal(id.mated_probes, expected.mated_probes, what);
      assert.deepEqual(id.rank, expected.rank, what);
      assert.deepEqual(id.tpir_at_fpir, expected.tpir_at_fpir, what);
    }
    // Chunk 8 is not chunk 9999 on this fixture: the references differ beyond the tolerance.
    const [a, b] = [ref.get("ijbs_9999"), ref.get("ijbs_8")];
    assert.ok(a.some((v, i) => Math.abs(v - b[i]!) > 1e-2));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
