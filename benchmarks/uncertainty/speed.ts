/**
 * Wall-clock figure of the two-stage bootstrap on an IJB-B-shaped 1:1 protocol:
 *
 *   /usr/bin/time -v deno run -A benchmarks/uncertainty/speed.ts [resamples=1000]
 *
 * 8,010,270 pairs (10,270 genuine) over 1,845 subjects, scores from a normal model; prints
 * the time of the one sort, of the whole interval computation (subjects resamples of 6 TAR@FAR,
 * the 21-point ROC band and AUC, split over one worker per core, then the pair-level
 * resamples of the 27 FARs in the main thread, then the AUC's calibrated level), of the
 * pair-level stage alone, of the AUC's placements and calibration alone, and the intervals.
 */
import { _ijbbScores } from "../../src/uncertainty/_synthetic_scores.ts";
import {
  calibratedLevel,
  drawSubjects,
  ROC_BAND_FARS,
  VerificationBootstrap,
  verificationCi,
} from "../../src/uncertainty/mod.ts";
import { FAR_TARGETS } from "../../src/metrics/mod.ts";

const resamples = Number(Deno.args[0] ?? 1000);
const data = _ijbbScores();
let t = performance.now();
const sampler = new VerificationBootstrap(data.scores, data.labels, data.subjects);
const prepare = (performance.now() - t) / 1000;
const draws = drawSubjects(data.subjects.count, { resamples, seed: 1 });
t = performance.now();
const { ci95 } = await verificationCi(sampler, draws);
const run = (performance.now() - t) / 1000;
t = performance.now();
sampler.pairResamples([...FAR_TARGETS.map(([, f]) => f), ...ROC_BAND_FARS], { resamples, seed: 1 });
const pairs = (performance.now() - t) / 1000;
t = performance.now();
const level = calibratedLevel(sampler.aucInfluence(), draws);
const calibration = (performance.now() - t) / 1000;
console.log(
  `sort once: ${prepare.toFixed(2)} s; ${resamples} resamples, both stages: ${run.toFixed(2)} s ` +
    `(of which the pair-level stage alone: ${pairs.toFixed(2)} s, the AUC's placements and ` +
    `calibrated level alone: ${calibration.toFixed(2)} s, level ${level})`,
);
console.log(JSON.stringify(ci95));
