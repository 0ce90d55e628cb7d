/**
 * Speed of the subjects bootstrap on an IJB-B-shaped 1:1 protocol (8,010,270 pairs, 1,845
 * subjects): preparation (one sort) and 1,000 resamples of TAR@FAR at the six targets and
 * the 21-point ROC band, plus the AUC. Target: under 60 s on a 2-core machine.
 */
import { FAR_TARGETS } from "../metrics/mod.ts";
import { _ijbbScores } from "./_synthetic_scores.ts";
import { drawSubjects } from "./subject_draws.ts";
import { VerificationBootstrap } from "./verification_bootstrap.ts";
import { verificationResamplesParallel } from "./bootstrap.ts";
import { ROC_BAND_FARS } from "./verification_ci.ts";

const data = _ijbbScores();
const fars = [...FAR_TARGETS.map(([, far]) => far), ...ROC_BAND_FARS];
const draws = drawSubjects(data.subjects.count, { resamples: 1000, seed: 1 });

Deno.bench({
  group: "bootstrap",
  name: "IJB-B 1:1, 8M pairs: sort once + 1,000 subject resamples (TAR@FAR, band, AUC)",
  n: 1,
  warmup: 0,
  async fn() {
    const sampler = new VerificationBootstrap(data.scores, data.labels, data.subjects);
    const r = await verificationResamplesParallel(sampler, draws, fars);
    if (!(r.values[0]! > 0)) throw new Error("unexpected TAR");
  },
});
