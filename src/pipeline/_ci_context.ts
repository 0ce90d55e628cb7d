/**
 * The evaluation's side of the confidence intervals: one subject index and one set of
 * draws per evaluation (shared by every fusion, so their intervals are paired), and the
 * calls that attach `ci95` blocks to a result row.
 *
 * @module
 */
import type { Matrix } from "../features/mod.ts";
import {
  type IdentificationResult,
  type OpenSetRule,
  type ProbeStats,
  probeStats,
  type VerificationResult,
} from "../metrics/mod.ts";
import {
  type PairList,
  type Split,
  type TemplateSet,
  templateSets,
  verificationPairs,
} from "../protocol/mod.ts";
import {
  drawSubjects,
  IdentificationBootstrap,
  identificationCi,
  OpenSet1nScores,
  pairSubjects,
  type RocBand,
  type SubjectDraws,
  type SubjectIndex,
  subjectIndex,
  VerificationBootstrap,
  verificationCi,
} from "../uncertainty/mod.ts";

/** Settings of the bootstrap intervals, recorded in the provenance. */
export interface CiSettings {
  /** Number of resamples. */
  resamples: number;
  /** Seed of the subject draws. */
  seed: number;
  /**
   * Only when the protocol is small (at most {@linkcode CI_AUTO_MAX_PAIRS} pairs): the
   * default of `deno task eval`, which then skips larger protocols and says so.
   */
  auto?: boolean;
}

/** The largest 1:1 protocol that gets intervals without asking (a few seconds of work). */
export const CI_AUTO_MAX_PAIRS = 1_000_000;

/** The shared state of one evaluation's intervals. */
export interface _CiContext {
  settings: CiSettings;
  index: SubjectIndex;
  draws: SubjectDraws;
}

/**
 * Builds one subject index over every split of a benchmark (template sets and genuine
 * pairs) and draws the subjects once: every split and every run then resamples the same
 * subjects, so their intervals are paired.
 */
export function _ciContext(splits: readonly Split[], settings: CiSettings): _CiContext {
  const index = subjectIndex(templateSets(splits), verificationPairs(splits));
  const draws = drawSubjects(index.size, { resamples: settings.resamples, seed: settings.seed });
  return { settings, index, draws };
}

/** The `uncertainty` entry of the provenance. */
export function _ciProvenance(context: _CiContext): Record<string, unknown> {
  return {
    method:
      "two-stage bootstrap (subjects, then impostor pairs); identification stratified by gallery",
    interval: "wilson score, effective sample size; AUC studentized (bootstrap-t)",
    level: 0.95,
    resamples: context.settings.resamples,
    seed: context.settings.seed,
    subjects: context.index.size,
    subject_source: context.index.source,
  };
}

/** Attaches `ci95` to a verification result and returns the ROC band. */
export async function _verificationCi(
  context: _CiContext,
  verification: VerificationResult,
  scores: Float32Array,
  pairs: PairList,
): Promise<RocBand> {
  const subjects = pairSubjects(context.index, pairs);
  const sampler = new VerificationBootstrap(scores, pairs.labels, {
    ...subjects,
    count: context.index.size,
  });
  const { ci95, band } = await verificationCi(sampler, context.draws);
  verification.ci95 = ci95;
  return band;
}

/** Collects per-probe statistics while the identification scores are computed in blocks. */
export class _ProbeStatsCollector {
  #closed: ProbeStats[] = [];
  #open: ProbeStats[] = [];
  #open1n?: OpenSet1nScores;

  /**
   * @param options `open1n`: the number of probes, when the insightface-1n rule needs an
   *   interval (its non-mate scores are then kept from the closed-set blocks).
   */
  constructor(options: { open1n?: number } = {}) {
    if (options.open1n !== undefined) {
      this.#open1n = new OpenSet1nScores({ probes: options.open1n });
    }
  }

  /** Adds a block of probes scored against the whole gallery (G1 + G2). */
  closedBlock(scores: Matrix, subjects: { probe: Int32Array; gallery: Int32Array }): void {
    this.#closed.push(probeStats(scores, subjects, "rank-k intervals"));
    this.#open1n?.add(scores, subjects);
  }

  /** Adds all probes scored against one gallery (for TPIR). */
  gallery(scores: Matrix, subjects: { probe: Int32Array; gallery: Int32Array }): void {
    this.#open.push(probeStats(scores, subjects, "TPIR intervals"));
  }

  /** The closed-set statistics of every probe, in probe order. */
  closedStats(): Omit<ProbeStats, "nonMateMax"> {
    const n = this.#closed.reduce((sum, b) => sum + b.mated.length, 0);
    const mated = new Uint8Array(n), rank = new Int32Array(n);
    const mate = new Float64Array(n), mateColumn = new Int32Array(n);
    let k = 0;
    for (const block of this.#closed) {
      mated.set(block.mated, k);
      rank.set(block.rank, k);
      mate.set(block.mate, k);
      mateColumn.set(block.mateColumn, k);
      k += block.mated.length;
    }
    return { mated, rank, mate, mateColumn };
  }

  /** Attaches `ci95` to an identification result. */
  attach(
    context: _CiContext,
    identification: IdentificationResult,
    probes: TemplateSet,
    rule: OpenSetRule,
  ): void {
    const { mated, rank } = this.closedStats();
    const probeSubjects = Int32Array.from(
      probes.templateIds,
      (t) => context.index.ofTemplate.get(t)!,
    );
    const sampler = new IdentificationBootstrap({
      probeSubjects,
      subjects: context.index.size,
      closed: { mated, rank },
      open: this.#open,
      rule,
      open1n: this.#open1n?.probes(),
    });
    // Drawn within the strata of gallery membership (the same for every run of the split).
    const { resamples, seed } = context.settings;
    const draws = drawSubjects(sampler.subjects, { resamples, seed, strata: sampler.strata });
    identification.ci95 = identificationCi(sampler, draws).ci95;
  }
}
