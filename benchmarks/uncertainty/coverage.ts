/**
 * Coverage benchmark of the subjects-bootstrap intervals (not a unit test):
 *
 *   deno run -A benchmarks/uncertainty/coverage.ts [datasets=200] [resamples=1000]
 *
 * Simulates datasets from a known score model with subject effects (scores of one subject
 * are correlated, as in real data), computes the 95% interval of TAR@FAR=1e-4, 1e-2 and
 * rank-1 by the harness's bootstrap, and counts how often it covers the true value.
 *
 * Model, per dataset: S = 400 subjects with 3 templates each; genuine score
 * 0.5 + u_s + e (u ~ N(0, 0.08²), e ~ N(0, 0.1²)), all 3 pairs per subject; 200,000
 * impostor pairs of random templates of two subjects, score v_a + v_b + e'
 * (v ~ N(0, 0.03²), e' ~ N(0, 0.08²)). Identification: one gallery template per subject
 * (a fresh draw of v), one probe per subject, mate score 0.5 + u + e, non-mate
 * v_p + v_g + e'. True values: TAR from the normal marginals; rank-1 by numeric
 * integration over the probe's mate score and v_p.
 */
import { matrix } from "../../mod.ts";
import { probeStats, rocCurve, tarAtFar } from "../../src/metrics/mod.ts";
import {
  column,
  drawSubjects,
  IdentificationBootstrap,
  identificationResamples,
  intervals,
  VerificationBootstrap,
  verificationResamples,
} from "../../src/uncertainty/mod.ts";
import { _rng } from "../../src/uncertainty/_synthetic_scores.ts";

const DATASETS = Number(Deno.args[0] ?? 200), B = Number(Deno.args[1] ?? 1000);
const S = 400, T = 3, IMPOSTORS = 200_000;
const MU = 0.5, SU = 0.08, SE = 0.1, SV = 0.03, SE2 = 0.08;
const SG = Math.hypot(SU, SE), SI = Math.sqrt(2 * SV * SV + SE2 * SE2);

const phi = (x: number) => 0.5 * erfc(-x / Math.SQRT2);
function erfc(x: number): number { // Numerical Recipes erfcc, |error| < 1.2e-7
  const z = Math.abs(x), t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(
    -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
                  t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
                                  t * (-0.82215223 + t * 0.17087277)))))))),
  );
  return x >= 0 ? r : 2 - r;
}
function quantile(p: number): number { // inverse of phi by bisection
  let lo = -10, hi = 10;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (phi(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
const trueTar = (far: number) => 1 - phi((SI * quantile(1 - far) - MU) / SG);
// Rank-1: E over m ~ N(MU, SG²), v_p ~ N(0, SV²) of Φ((m − v_p)/s)^(S−1), s² = SV² + SE2².
const trueRank1 = (() => {
  const s = Math.hypot(SV, SE2), n = 400;
  let sum = 0, wsum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const zm = -6 + 12 * (i + 0.5) / n, zv = -6 + 12 * (j + 0.5) / n;
      const w = Math.exp(-(zm * zm + zv * zv) / 2);
      sum += w * phi((MU + SG * zm - SV * zv) / s) ** (S - 1);
      wsum += w;
    }
  }
  return sum / wsum;
})();

const targets = [1e-4, 1e-2];
const truth = [...targets.map(trueTar), trueRank1];
const covered = [0, 0, 0];
const widths = [0, 0, 0];
const estimates: number[][] = [[], [], []];
const bootSd = [0, 0, 0];
const sd = (v: ArrayLike<number>) => {
  const a = Array.from(v), mean = a.reduce((x, y) => x + y, 0) / a.length;
  return Math.sqrt(a.reduce((x, y) => x + (y - mean) ** 2, 0) / (a.length - 1));
};
const cmcRank1 = (st: { mated: Uint8Array; rank: Int32Array }) =>
  st.rank.filter((r, i) => st.mated[i] === 1 && r === 1).length / st.mated.length;
const started = performance.now();
for (let d = 0; d < DATASETS; d++) {
  const { normal, uniform } = _rng(1000 + d);
  const u = Float64Array.from({ length: S }, () => SU * normal());
  const v = Float64Array.from({ length: S }, () => SV * normal());
  const nG = S * 3, n = nG + IMPOSTORS;
  const scores = new Float32Array(n), labels = new Uint8Array(n);
  const first = new Int32Array(n), second = new Int32Array(n);
  for (let s = 0, i = 0; s < S; s++) {
    for (let k = 0; k < T; k++, i++) {
      scores[i] = MU + u[s]! + SE * normal();
      labels[i] = 1;
      first[i] = second[i] = s;
    }
  }
  for (let i = nG; i < n;) {
    const a = Math.floor(uniform() * S), b = Math.floor(uniform() * S);
    if (a === b) continue;
    scores[i] = v[a]! + v[b]! + SE2 * normal();
    first[i] = a;
    second[i++] = b;
  }
  const draws = drawSubjects(S, { resamples: B, seed: d + 1 });
  const ver = new VerificationBootstrap(scores, labels, { first, second, count: S });
  const vr = verificationResamples(ver, draws, targets);
  const vi = intervals(vr);
  // Identification: probes × gallery, subject s's gallery template has a fresh v.
  const vg = Float64Array.from({ length: S }, () => SV * normal());
  const data = new Float32Array(S * S);
  for (let p = 0; p < S; p++) {
    for (let g = 0; g < S; g++) {
      data[p * S + g] = p === g ? MU + u[p]! + SE * normal() : v[p]! + vg[g]! + SE2 * normal();
    }
  }
  const ids = Int32Array.from({ length: S }, (_, s) => s);
  const stats = probeStats(matrix(S, S, data), { probe: ids, gallery: ids }, "coverage");
  const idb = new IdentificationBootstrap({
    probeSubjects: ids,
    subjects: S,
    closed: stats,
    open: [],
    rule: "ijb-evals",
  });
  const ir = identificationResamples(idb, draws, [1], []);
  const ii = intervals(ir);
  // Spread: point estimates across datasets against the bootstrap's own standard deviation.
  const point = [...tarAtFar(rocCurve(scores, labels), { fars: targets }), 0];
  point[2] = cmcRank1(stats);
  point.forEach((p, m) => estimates[m]!.push(p));
  [column(vr, 0), column(vr, 1), column(ir, 0)].forEach((col, m) => bootSd[m]! += sd(col));
  const all = [vi[0]!, vi[1]!, ii[0]!];
  all.forEach(([lo, hi], m) => {
    if (lo <= truth[m]! && truth[m]! <= hi) covered[m]!++;
    widths[m]! += hi - lo;
  });
}
const names = ["TAR@FAR=1e-4", "TAR@FAR=1e-2", "Rank-1"];
console.log(
  `${DATASETS} datasets, ${B} resamples, ${((performance.now() - started) / 1000).toFixed(0)} s`,
);
names.forEach((name, m) =>
  console.log(
    `${name}: true ${truth[m]!.toFixed(4)}, coverage ${
      (100 * covered[m]! / DATASETS).toFixed(1)
    }%, ` +
      `mean width ${(100 * widths[m]! / DATASETS).toFixed(2)} pp, ` +
      `sd of the estimates across datasets ${(100 * sd(estimates[m]!)).toFixed(2)} pp, ` +
      `mean bootstrap sd ${(100 * bootSd[m]! / DATASETS).toFixed(2)} pp`,
  )
);
