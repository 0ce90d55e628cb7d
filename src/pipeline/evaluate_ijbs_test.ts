import assert from "node:assert/strict";
import { evaluateIjbs } from "./evaluate_ijbs.ts";

const FIXTURE = new URL("../../fixtures/ijbs/", import.meta.url).pathname;

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

Deno.test("evaluateIjbs() matches the numpy reference on the IJB-S fixture exactly", async () => {
  const reference: Reference = JSON.parse(await Deno.readTextFile(`${FIXTURE}reference.json`));
  const evaluation = await evaluateIjbs({
    data: FIXTURE,
    features: `${FIXTURE}features.npy`,
    fusions: [{ kind: "average" }],
  });
  assert.equal(evaluation.protocol.imageListCreated, false);
  assert.equal(evaluation.dropped.average, 1);
  assert.equal(evaluation.runs.length, 3);
  for (const run of evaluation.runs) {
    const ref = reference.protocols[run.result.protocol]!;
    const id = run.result.identification!;
    assert.equal(id.probes, ref.probes, run.result.protocol);
    assert.equal(id.mated_probes, ref.mated_probes, run.result.protocol);
    assert.deepEqual(id.rank, ref.rank, run.result.protocol);
    assert.deepEqual(id.tpir_at_fpir, ref.tpir_at_fpir, run.result.protocol);
    assert.deepEqual(Array.from(run.cmc), ref.cmc, run.result.protocol);
    assert.equal(run.result.empty_templates, ref.empty_templates, run.result.protocol);
    assert.equal(id.open_set_rule, "ijbs");
  }
});
