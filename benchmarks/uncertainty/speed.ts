/**
 * Wall-clock figure of the subjects bootstrap on an IJB-B-shaped 1:1 protocol:
 *
 *   /usr/bin/time -v deno run -A benchmarks/uncertainty/speed.ts [resamples=1000]
 *
 * 8,010,270 pairs (10,270 genuine) over 1,845 subjects, scores from a normal model; prints
 * the time of the one sort and of the resamples (6 TAR@FAR, the 21-point ROC band, AUC,
 * split over one worker per core), and the intervals.
 */
import { _ijbbScores } from "../../src/uncertainty/_synthetic_scores.ts";
import { drawSubjects, VerificationBootstrap, verificationCi } from "../../src/uncertainty/mod.ts";

const resamples = Number(Deno.args[0] ?? 1000);
const data = _ijbbScores();
let t = performance.now();
const sampler = new VerificationBootstrap(data.scores, data.labels, data.subjects);
const prepare = (performance.now() - t) / 1000;
const draws = drawSubjects(data.subjects.count, { resamples, seed: 1 });
t = performance.now();
const { ci95 } = await verificationCi(sampler, draws);
const run = (performance.now() - t) / 1000;
console.log(`sort once: ${prepare.toFixed(2)} s; ${resamples} resamples: ${run.toFixed(2)} s`);
console.log(JSON.stringify(ci95));
