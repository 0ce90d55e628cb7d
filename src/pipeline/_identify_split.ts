/**
 * One identification split of one fusion run: closed set on the galleries' union, open set
 * by each asked rule, the open-set curve, intervals, saved scores and diagnostics.
 *
 * @module
 */
import { type Matrix, matrix } from "../features/mod.ts";
import {
  cmcFromRanks,
  FPIR_TARGETS,
  type IdentificationResult,
  OpenSet1n,
  type OpenSetRule,
  RANKS,
  tpirAtFpir,
} from "../metrics/mod.ts";
import type { IdentificationSplit, TemplateSet } from "../protocol/mod.ts";
import { setScores, type Similarity } from "../scoring/mod.ts";
import { type _CiContext, _ProbeStatsCollector } from "./_ci_context.ts";
import type { _DiagnosticsContext } from "./_diagnostics_context.ts";

/** FPIRs of the open-set curve drawn in the report: 10^-3 … 1, 12 per decade. */
export const OPEN_SET_CURVE_FPIRS: readonly number[] = Array.from(
  { length: 37 },
  (_, i) => 10 ** (-3 + i / 12),
);

/** The largest FPIR the insightface-1n curve reaches: it keeps only that many non-mates. */
const _CURVE_MAX_1N = 0.1;

/** Longest CMC curve kept for the chart. */
const _MAX_RANK = 20;

/** What one identification split gives one run. */
export interface _SplitIdentification {
  identification: IdentificationResult;
  /** Rank-k rate for k = 1 … min(20, gallery templates). */
  cmc: Float64Array;
  /** TPIR of the first rule at `fpir` (up to 1, or 0.1 for insightface-1n). */
  openSet: { fpir: number[]; tpir: number[] };
  /** Probes × [G1 | G2] scores, when they are to be saved. */
  probeScores?: Matrix;
  diagnostics: ReturnType<_DiagnosticsContext["identification"]>;
}

/** The settings one identification split runs with. */
export interface _IdentifyContext {
  similarity: Similarity;
  rules: readonly OpenSetRule[];
  ci?: _CiContext;
  saveScores: boolean;
  diagnostics: _DiagnosticsContext;
}

/**
 * Identifies the probes of `split`: scores against the galleries' union in blocks of probes
 * (no block above 64 MB), then TPIR@FPIR by every rule of `context.rules`; the first rule
 * is the one `tpir_at_fpir` and the intervals follow.
 */
export async function _identifySplit(
  templates: { ids: Int32Array; features: Matrix },
  split: IdentificationSplit,
  context: _IdentifyContext,
): Promise<_SplitIdentification> {
  const { probe } = split;
  const { similarity, rules } = context;
  const union = _unionSet(split.galleries);
  const cols = union.templateIds.length;
  const first = rules[0]!;
  // 1. Closed set (and the insightface-1n rule), block by block.
  const open1n = rules.includes("insightface-1n")
    ? new OpenSet1n({ probes: probe.templateIds.length, maxFpir: _CURVE_MAX_1N })
    : undefined;
  const collector = new _ProbeStatsCollector({
    open1n: context.ci && first === "insightface-1n" ? probe.templateIds.length : undefined,
  });
  const saved = context.saveScores
    ? matrix(probe.templateIds.length, cols, new Float32Array(probe.templateIds.length * cols))
    : undefined;
  const block = Math.max(1, Math.floor((1 << 24) / Math.max(1, cols)));
  const into = new Float32Array(Math.min(block, probe.templateIds.length) * cols);
  for (let p0 = 0; p0 < probe.templateIds.length; p0 += block) {
    const part: TemplateSet = {
      name: probe.name,
      templateIds: probe.templateIds.subarray(p0, p0 + block),
      subjectIds: probe.subjectIds.subarray(p0, p0 + block),
    };
    const scores = await setScores(templates, { probe: part, gallery: union }, {
      similarity,
      into,
    });
    const ids = { probe: part.subjectIds, gallery: union.subjectIds };
    open1n?.add(scores, ids);
    collector.closedBlock(scores, ids);
    saved?.data.set(scores.data, p0 * cols);
  }
  const closed = collector.closedStats();
  const { curve, probes: mated } = cmcFromRanks(closed, _MAX_RANK);
  // 2. Open set: each rule at the reported FPIRs; the first also along the curve.
  const fpirs = FPIR_TARGETS.map(([, fpir]) => fpir);
  const curveFpirs = OPEN_SET_CURVE_FPIRS.filter((f) =>
    first !== "insightface-1n" || f <= _CURVE_MAX_1N + 1e-12
  );
  const byRule: Record<string, Record<string, number>> = {};
  let openCurve: number[] = [];
  for (const rule of rules) {
    const targets = rule === first ? [...fpirs, ...curveFpirs] : fpirs;
    const rates = rule === "insightface-1n" ? open1n!.tpir(targets) : await _perGallery(
      templates,
      split,
      rule,
      targets,
      similarity,
      context.ci && rule === first ? collector : undefined,
    );
    byRule[rule] = Object.fromEntries(FPIR_TARGETS.map(([key], i) => [key, rates[i]!]));
    if (rule === first) openCurve = rates.slice(fpirs.length);
  }
  const identification: IdentificationResult = {
    probes: probe.templateIds.length,
    mated_probes: mated,
    probes_without_mate: probe.templateIds.length - mated,
    rank: Object.fromEntries(RANKS.map((k) => [String(k), curve[k - 1]!])),
    open_set_rule: first,
    tpir_at_fpir: byRule[first]!,
    ...(rules.length > 1 ? { tpir_at_fpir_by_rule: byRule } : {}),
  };
  // 3. Intervals, from the statistics gathered above.
  if (context.ci) collector.attach(context.ci, identification, probe, first);
  return {
    identification,
    // Ranks beyond the gallery size cannot differ: the chart stops there.
    cmc: curve.slice(0, Math.min(_MAX_RANK, cols)),
    openSet: { fpir: curveFpirs, tpir: openCurve },
    probeScores: saved,
    diagnostics: context.diagnostics.identification(closed, probe, union),
  };
}

/** A per-gallery rule, averaged over the galleries. */
async function _perGallery(
  templates: { ids: Int32Array; features: Matrix },
  split: IdentificationSplit,
  rule: OpenSetRule,
  fpirs: readonly number[],
  similarity: Similarity,
  collector?: _ProbeStatsCollector,
): Promise<number[]> {
  const { probe } = split;
  const sums = new Float64Array(fpirs.length);
  for (const gallery of split.galleries) {
    const scores = await setScores(templates, { probe, gallery }, { similarity });
    const subjects = { probe: probe.subjectIds, gallery: gallery.subjectIds };
    tpirAtFpir(scores, subjects, { fpirs, rule }).forEach((r, i) => sums[i]! += r);
    collector?.gallery(scores, subjects);
  }
  return Array.from(sums, (s) => s / split.galleries.length);
}

/** The galleries concatenated in order: [G1 | G2]. */
export function _unionSet(sets: readonly TemplateSet[]): TemplateSet {
  const templateIds = new Int32Array(sets.reduce((n, s) => n + s.templateIds.length, 0));
  const subjectIds = new Int32Array(templateIds.length);
  let k = 0;
  for (const s of sets) {
    templateIds.set(s.templateIds, k);
    subjectIds.set(s.subjectIds, k);
    k += s.templateIds.length;
  }
  return { name: sets.map((s) => s.name).join("+"), templateIds, subjectIds };
}
