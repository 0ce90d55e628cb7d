import type { FusionResult, Interval } from "../metrics/mod.ts";

/** A result row's key for matching: protocol (IJB-S rows have one), fusion, chunk. */
export function rowKey(r: FusionResult & { protocol?: string }): string {
  return JSON.stringify([r.protocol ?? null, r.fusion, r.chunk]);
}

/** A result row's label in tables: `average`, `caface, chunk 8`, `surveillance: average`. */
export function rowLabel(r: FusionResult & { protocol?: string }): string {
  const run = r.chunk === null ? r.fusion : `${r.fusion}, chunk ${r.chunk}`;
  return r.protocol ? `${r.protocol}: ${run}` : run;
}

/** Every numeric metric of a row by display name (`TAR@FAR=1e-4`, `Rank-1`, …). */
export function metricValues(r: FusionResult): Map<string, { value: number; ci?: Interval }> {
  const out = new Map<string, { value: number; ci?: Interval }>();
  const v = r.verification;
  if (v) {
    for (const [far, tar] of Object.entries(v.tar_at_far)) {
      out.set(`TAR@FAR=${far}`, { value: tar, ci: v.ci95?.tar_at_far[far] });
    }
    if (v.auc !== undefined) out.set("AUC", { value: v.auc, ci: v.ci95?.auc });
  }
  const id = r.identification;
  if (id) {
    for (const [k, rate] of Object.entries(id.rank)) {
      out.set(`Rank-${k}`, { value: rate, ci: id.ci95?.rank[k] });
    }
    // The rule is part of the name: TPIR under two rules are different metrics, and a file
    // written before rules were named follows ijb-evals (docs/identification.md).
    const rule = id.open_set_rule ?? "ijb-evals";
    for (const [fpir, rate] of Object.entries(id.tpir_at_fpir)) {
      out.set(tpirMetric(fpir, rule), { value: rate, ci: id.ci95?.tpir_at_fpir[fpir] });
    }
    for (const [other, rates] of Object.entries(id.tpir_at_fpir_by_rule ?? {})) {
      if (other === rule) continue;
      for (const [fpir, rate] of Object.entries(rates)) {
        out.set(tpirMetric(fpir, other), { value: rate });
      }
    }
  }
  // A JSON null (a metric that was NaN) reads back as null: make it NaN again.
  for (const entry of out.values()) if (entry.value === null) entry.value = NaN;
  return out;
}

/** The gate's name of a TPIR@FPIR metric under an open-set rule: `TPIR@FPIR=1e-2 [ijbs]`. */
export function tpirMetric(fpir: string, rule: string): string {
  return `TPIR@FPIR=${fpir} [${rule}]`;
}
