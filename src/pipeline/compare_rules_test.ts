import assert from "node:assert/strict";
import type { MetricsFile } from "../metrics/mod.ts";
import { compareMetrics } from "./compare.ts";

function file(rule: string | undefined, tpir: number, extra?: Record<string, number>): MetricsFile {
  return {
    dataset: "ijbb",
    provenance: {},
    results: [{
      fusion: "average",
      chunk: null,
      identification: {
        probes: 1,
        rank: { "1": 1 },
        ...(rule === undefined ? {} : { open_set_rule: rule }),
        tpir_at_fpir: { "1e-2": tpir },
        ...(extra
          ? { tpir_at_fpir_by_rule: { [rule!]: { "1e-2": tpir }, "ijb-evals": extra } }
          : {}),
      },
    }],
  };
}

Deno.test("compareMetrics() compares TPIR only within one open-set rule", async (t) => {
  await t.step("an old file (ijb-evals) against insightface-1n: no TPIR row", () => {
    const { rows } = compareMetrics(file(undefined, 0.5), file("insightface-1n", 0.9));
    assert.deepEqual(rows.map((r) => r.metric), ["Rank-1 (average)"]);
  });
  await t.step("both rules in the current file: the matching one is compared", () => {
    const { rows, failures } = compareMetrics(
      file(undefined, 0.5),
      file("insightface-1n", 0.9, { "1e-2": 0.4 }),
    );
    assert.deepEqual(rows.map((r) => [r.metric, r.baseline, r.current]), [
      ["Rank-1 (average)", 1, 1],
      ["TPIR@FPIR=1e-2 [ijb-evals] (average)", 0.5, 0.4],
    ]);
    assert.equal(failures.length, 1);
  });
});

Deno.test("compareMetrics() matches IJB-S rows by protocol, not by position", () => {
  const row = (protocol: string, rank1: number) => ({
    protocol,
    fusion: "average",
    chunk: null,
    identification: { probes: 1, rank: { "1": rank1 }, tpir_at_fpir: {} },
  });
  const file = (...results: ReturnType<typeof row>[]): MetricsFile => ({
    dataset: "ijbs",
    provenance: {},
    results,
  });
  const { rows, failures } = compareMetrics(
    file(row("surveillance_to_single", 0.7), row("surveillance_to_booking", 0.9)),
    file(row("surveillance_to_booking", 0.9), row("surveillance_to_single", 0.6)),
  );
  assert.deepEqual(rows.map((r) => [r.metric, r.baseline, r.current]), [
    ["Rank-1 (surveillance_to_single: average)", 0.7, 0.6],
    ["Rank-1 (surveillance_to_booking: average)", 0.9, 0.9],
  ]);
  assert.equal(failures.length, 1);
});
