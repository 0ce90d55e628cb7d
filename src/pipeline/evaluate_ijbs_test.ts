import assert from "node:assert/strict";
import { BENCHMARKS } from "../../benchmarks/mod.ts";
import { evaluate } from "./evaluate.ts";

const fixture = (name: string) => new URL(`../../fixtures/${name}/`, import.meta.url).pathname;

interface Reference {
  protocols: Record<string, {
    probes: number;
    mated_probes: number;
    rank: Record<string, number>;
    cmc: number[];
    tpir_at_fpir: Record<string, number>;
    empty_templates: number;
  }>;
}

// fixtures/ijbs_unseen: the same design from another seed and width, which the harness was
// not developed against. Both from tools/make_ijbs_fixture.py (numpy, PFE/AdaFace DIR_FAR).
for (const name of ["ijbs", "ijbs_unseen"]) {
  Deno.test(`evaluate() on IJB-S matches the numpy reference on fixtures/${name} exactly, one row per protocol`, async () => {
    const FIXTURE = fixture(name);
    const reference: Reference = JSON.parse(await Deno.readTextFile(`${FIXTURE}reference.json`));
    const evaluation = await evaluate({
      benchmark: BENCHMARKS.ijbs,
      data: FIXTURE,
      features: `${FIXTURE}features.npy`,
      fusions: [{ kind: "average" }],
    });
    assert.equal(evaluation.data.notes.image_list_created, false);
    assert.equal(evaluation.fused[0]!.droppedRows, 1);
    assert.deepEqual(
      evaluation.runs.map((r) => r.result.protocol),
      Object.keys(reference.protocols),
    );
    for (const run of evaluation.runs) {
      const protocol = run.result.protocol!;
      const ref = reference.protocols[protocol]!;
      const id = run.result.identification!;
      assert.equal(id.probes, ref.probes, protocol);
      assert.equal(id.mated_probes, ref.mated_probes, protocol);
      assert.equal(id.probes_without_mate, ref.probes - ref.mated_probes, protocol);
      assert.deepEqual(id.rank, ref.rank, protocol);
      assert.deepEqual(id.tpir_at_fpir, ref.tpir_at_fpir, protocol);
      // The chart's curve stops at the gallery size: the reference's later ranks repeat it.
      const cmc = Array.from(run.cmc!);
      assert.deepEqual(cmc, ref.cmc.slice(0, cmc.length), protocol);
      assert.ok(ref.cmc.slice(cmc.length).every((v) => v === cmc.at(-1)), protocol);
      assert.equal(run.result.empty_templates, ref.empty_templates, protocol);
      assert.equal(id.open_set_rule, "ijbs");
      assert.equal(run.run, "average");
    }
  });
}
