import { type Matrix, matrix } from "../features/mod.ts";
import { FAR_TARGETS, FPIR_TARGETS, type Interval, probeStats, RANKS } from "../metrics/mod.ts";
import {
  readPairScores,
  readProbeScores,
  type SavedScores,
  type SavedSplits,
} from "../scores/mod.ts";
import {
  aucDifferenceInterval,
  column,
  differenceInterval,
  differences,
  drawSubjects,
  IDENTIFICATION_METRICS,
  IdentificationBootstrap,
  identificationResamples,
  influenceDifference,
  OpenSet1nScores,
  type Resamples,
  VERIFICATION_METRICS,
  VerificationBootstrap,
  verificationResamplesParallel,
} from "../uncertainty/mod.ts";
import { GateInputError } from "./read_metrics.ts";
import { tpirMetric } from "./metric_values.ts";

/** Settings of the paired bootstrap. */
export interface PairedOptions {
  resamples: number;
  seed: number;
}

/**
 * The 95% interval of `current − baseline` for every metric of one result row (protocol,
 * fusion, chunk) whose scores both folders saved, from the SAME subject draws applied to
 * both runs, by the method of the intervals of `eval` (docs/uncertainty.md): the variance
 * of the resampled differences, corrected for TAR by the SAME pair-level resamples of both
 * runs, gives a normal interval around the observed difference
 * ({@linkcode differenceInterval}); the AUC's difference gets the studentised interval of
 * `eval`'s AUC, with the standard error of the difference's influence
 * ({@linkcode aucDifferenceInterval}). Returns an empty map when either side saved no scores
 * for the row.
 *
 * @throws {GateInputError} When the saved protocols differ (labels, subjects, probes).
 */
export async function pairedDeltas(
  baseline: SavedScores,
  current: SavedScores,
  run: { protocol?: string; fusion: string; chunk: number | null },
  options: PairedOptions,
): Promise<Map<string, Interval>> {
  const out = new Map<string, Interval>();
  const protocol = run.protocol ?? null;
  const find = (s: SavedScores) =>
    s.runs.find((r) => r.protocol === protocol && r.fusion === run.fusion && r.chunk === run.chunk);
  const a = find(baseline), b = find(current);
  const x = baseline.protocols.get(protocol), y = current.protocols.get(protocol);
  if (!a || !b || !x || !y) return out;
  if (baseline.subjects !== current.subjects) {
    throw new GateInputError(
      `Cannot pair runs with ${baseline.subjects} and ${current.subjects} subjects: different protocols`,
    );
  }
  const draws = drawSubjects(baseline.subjects, options);
  if (a.pairs && b.pairs && x.pairs && y.pairs) {
    _sameArrays(x.pairs.labels, y.pairs.labels, "pair labels");
    _sameArrays(x.pairs.first, y.pairs.first, "pair subjects");
    _sameArrays(x.pairs.second, y.pairs.second, "pair subjects");
    const fars = FAR_TARGETS.map(([, far]) => far);
    const resample = async (s: SavedScores, split: SavedSplits, name: string) => {
      const pairs = split.pairs!;
      const sampler = new VerificationBootstrap(await readPairScores(s, name), pairs.labels, {
        first: pairs.first,
        second: pairs.second,
        count: s.subjects,
      });
      const point = new Float64Array(fars.length + 1);
      sampler.evaluate(new Uint32Array(s.subjects).fill(1), 0, fars, point);
      const pairLevel: Resamples = {
        resamples: draws.resamples,
        metrics: fars.length,
        values: sampler.pairResamples(fars, options),
      };
      return {
        point,
        pairLevel,
        influence: sampler.aucInfluence(),
        resamples: await verificationResamplesParallel(sampler, draws, fars),
      };
    };
    const x0 = await resample(baseline, x, a.pairs), y0 = await resample(current, y, b.pairs);
    const d = differences(x0.resamples, y0.resamples);
    const dp = differences(x0.pairLevel, y0.pairLevel);
    VERIFICATION_METRICS.forEach((name, m) => {
      const delta = y0.point[m]! - x0.point[m]!;
      out.set(
        name,
        m < fars.length
          ? differenceInterval(delta, column(d, m), { pairLevel: column(dp, m) })
          : aucDifferenceInterval(
            delta,
            column(d, m),
            influenceDifference(x0.influence, y0.influence),
            draws,
          ),
      );
    });
  }
  if (a.probes && b.probes && x.identification && y.identification) {
    const p = x.identification, q = y.identification;
    _sameArrays(p.probeSubjectIds, q.probeSubjectIds, "probe subjects");
    _sameArrays(p.gallerySubjectIds, q.gallerySubjectIds, "gallery subjects");
    const resample = async (s: SavedScores, split: SavedSplits, name: string) =>
      _identification(s, split, await readProbeScores(s, name), options);
    const x0 = await resample(baseline, x, a.probes);
    const y0 = await resample(current, y, b.probes);
    const d = differences(x0.resamples, y0.resamples);
    const ints = Array.from(
      { length: d.metrics },
      (_, m) => differenceInterval(y0.point[m]! - x0.point[m]!, column(d, m)),
    );
    // Different rules on the two sides: TPIR falls back to the point comparison; so does an
    // FPIR whose insightface-1n resamples needed more non-mate scores than were kept.
    const rule = baseline.rule === current.rule ? baseline.rule : undefined;
    IDENTIFICATION_METRICS.forEach((name, m) => {
      if (!name.startsWith("TPIR@FPIR=")) out.set(name, ints[m]!);
      else if (rule !== undefined) {
        const [key, fpir] = FPIR_TARGETS[m - RANKS.length]!;
        if (x0.truncated.has(fpir) || y0.truncated.has(fpir)) return;
        out.set(tpirMetric(key, rule), ints[m]!);
      }
    });
  }
  return out;
}

function _identification(
  s: SavedScores,
  split: SavedSplits,
  scores: Matrix,
  options: PairedOptions,
) {
  const id = split.identification!;
  const closed = probeStats(
    scores,
    { probe: id.probeSubjectIds, gallery: id.gallerySubjectIds },
    "the gate",
  );
  const sets = Math.max(...id.gallerySet) + 1;
  const open = Array.from({ length: s.rule === "insightface-1n" ? 0 : sets }, (_, k) => {
    const cols: number[] = [];
    id.gallerySet.forEach((set, c) => set === k && cols.push(c));
    const data = new Float32Array(scores.rows * cols.length);
    for (let p = 0; p < scores.rows; p++) {
      cols.forEach((c, j) => data[p * cols.length + j] = scores.data[p * scores.dim + c]!);
    }
    const gallery = Int32Array.from(cols, (c) => id.gallerySubjectIds[c]!);
    return probeStats(matrix(scores.rows, cols.length, data), {
      probe: id.probeSubjectIds,
      gallery,
    }, "the gate");
  });
  let open1n;
  if (s.rule === "insightface-1n") {
    // The saved columns are the combined gallery G1 + G2, as OpenSet1n scores them.
    const kept = new OpenSet1nScores({ probes: scores.rows });
    kept.add(scores, { probe: id.probeSubjectIds, gallery: id.gallerySubjectIds });
    open1n = kept.probes();
  }
  const sampler = new IdentificationBootstrap({
    probeSubjects: id.probeSubjects,
    subjects: s.subjects,
    closed,
    open,
    rule: s.rule,
    open1n,
  });
  const fpirs = FPIR_TARGETS.map(([, f]) => f);
  const point = new Float64Array(RANKS.length + fpirs.length);
  sampler.evaluate(new Uint32Array(s.subjects).fill(1), 0, RANKS, fpirs, point);
  // Stratified by gallery membership, as eval draws them; both runs share the probes and
  // gallery (checked), hence the strata and the draws.
  const draws = drawSubjects(s.subjects, { ...options, strata: sampler.strata });
  return {
    point,
    resamples: identificationResamples(sampler, draws, RANKS, fpirs),
    truncated: sampler.truncated,
  };
}

function _sameArrays(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  if (a.length !== b.length) {
    throw new GateInputError(
      `Cannot pair runs of different protocols: ${a.length} and ${b.length} ${what}`,
    );
  }
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      throw new GateInputError(
        `Cannot pair runs of different protocols: ${what} differ at index ${i}`,
      );
    }
  }
}
