import type { IdentificationBootstrap } from "./identification_bootstrap.ts";
import type { SubjectDraws } from "./subject_draws.ts";
import type { VerificationBootstrap } from "./verification_bootstrap.ts";

/** Resamples evaluated together in one pass over the pairs. */
const _BATCH = 4;

/** A metric over the resamples: `values[b * metrics + m]` for resample b and metric m. */
export interface Resamples {
  resamples: number;
  /** Number of metrics per resample. */
  metrics: number;
  values: Float64Array;
}

/**
 * Runs a sampler (verification or identification) over every resample of `draws`.
 * `evaluate` writes `metrics` values for the counts at `offset`.
 */
export function resample(
  draws: SubjectDraws,
  metrics: number,
  evaluate: (counts: Uint32Array, offset: number, out: Float64Array) => void,
): Resamples {
  const values = new Float64Array(draws.resamples * metrics);
  for (let b = 0; b < draws.resamples; b++) {
    evaluate(draws.counts, b * draws.subjects, values.subarray(b * metrics, (b + 1) * metrics));
  }
  return { resamples: draws.resamples, metrics, values };
}

/** TAR at each of `fars` then the AUC, for every resample. */
export function verificationResamples(
  sampler: VerificationBootstrap,
  draws: SubjectDraws,
  fars: readonly number[],
): Resamples {
  _sameSubjects(sampler.subjects, draws);
  const metrics = fars.length + 1, values = new Float64Array(draws.resamples * metrics);
  for (let b0 = 0; b0 < draws.resamples; b0 += _BATCH) {
    const offsets = [];
    for (let b = b0; b < Math.min(b0 + _BATCH, draws.resamples); b++) {
      offsets.push(b * draws.subjects);
    }
    sampler.evaluateMany(draws.counts, offsets, fars, values.subarray(b0 * metrics));
  }
  return { resamples: draws.resamples, metrics, values };
}

/**
 * {@linkcode verificationResamples} split over `workers` Deno workers that share the
 * sorted arrays and the draws (no copy per worker). Default: one worker per core, at most 4,
 * and none for small jobs (pairs × resamples below 2·10⁸).
 * The values are identical to the single-threaded ones.
 */
export async function verificationResamplesParallel(
  sampler: VerificationBootstrap,
  draws: SubjectDraws,
  fars: readonly number[],
  options: { workers?: number } = {},
): Promise<Resamples> {
  _sameSubjects(sampler.subjects, draws);
  const workers = options.workers ?? Math.min(4, navigator.hardwareConcurrency || 1);
  // Small jobs finish before workers would have started.
  const work = (sampler.genuine + sampler.impostor) * draws.resamples;
  if (workers <= 1 || draws.resamples <= 8 || (options.workers === undefined && work < 2e8)) {
    return verificationResamples(sampler, draws, fars);
  }
  const metrics = fars.length + 1;
  const out = new Float64Array(new SharedArrayBuffer(draws.resamples * metrics * 8));
  const counts = new Uint32Array(new SharedArrayBuffer(draws.counts.byteLength));
  counts.set(draws.counts);
  const state = sampler._state();
  const url = new URL("./_bootstrap_worker.ts", import.meta.url).href;
  await Promise.all(
    Array.from({ length: workers }, (_, index) =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(url, { type: "module" });
        worker.onmessage = () => {
          worker.terminate();
          resolve();
        };
        worker.onerror = (event) => {
          event.preventDefault();
          worker.terminate();
          reject(new Error(`Cannot run a bootstrap worker: ${event.message}`));
        };
        worker.postMessage({
          state,
          counts,
          subjects: draws.subjects,
          resamples: draws.resamples,
          fars: [...fars],
          out,
          index,
          workers,
        });
      })),
  );
  return { resamples: draws.resamples, metrics, values: new Float64Array(out) };
}

/** Rank-k at each of `ranks` then TPIR at each of `fpirs`, for every resample. */
export function identificationResamples(
  sampler: IdentificationBootstrap,
  draws: SubjectDraws,
  ranks: readonly number[],
  fpirs: readonly number[],
): Resamples {
  _sameSubjects(sampler.subjects, draws);
  return resample(
    draws,
    ranks.length + fpirs.length,
    (c, o, out) => sampler.evaluate(c, o, ranks, fpirs, out),
  );
}

/** The values of metric `m` across resamples. */
export function column(r: Resamples, m: number): Float64Array {
  const out = new Float64Array(r.resamples);
  for (let b = 0; b < r.resamples; b++) out[b] = r.values[b * r.metrics + m]!;
  return out;
}

/** `current − baseline` per resample and metric (the paired comparison). */
export function differences(baseline: Resamples, current: Resamples): Resamples {
  if (baseline.resamples !== current.resamples || baseline.metrics !== current.metrics) {
    throw new TypeError("Cannot subtract resamples of different shapes");
  }
  const values = new Float64Array(baseline.values.length);
  for (let i = 0; i < values.length; i++) values[i] = current.values[i]! - baseline.values[i]!;
  return { resamples: baseline.resamples, metrics: baseline.metrics, values };
}

function _sameSubjects(subjects: number, draws: SubjectDraws): void {
  if (subjects !== draws.subjects) {
    throw new RangeError(
      `Cannot apply draws over ${draws.subjects} subjects to data of ${subjects} subjects`,
    );
  }
}
