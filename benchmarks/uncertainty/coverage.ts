/**
 * Coverage benchmark of the 95% intervals (not a unit test):
 *
 *   deno run -A benchmarks/uncertainty/coverage.ts [datasets=200] [resamples=1000] [workers=1]
 *     [--first 0] [--out shard.json] [--genuine-mean 0.5]
 *   deno run -A benchmarks/uncertainty/coverage.ts merge shard1.json shard2.json …
 *
 * Simulates datasets from a score model with subject effects (scores of one subject are
 * correlated, as in real data), computes every reported interval the way `deno task eval`
 * does (docs/uncertainty.md: two-stage bootstrap and Wilson score interval for TAR,
 * calibrated bootstrap-t for the AUC, identification draws stratified by gallery) and, for
 * comparison, the plain percentile interval of the subjects resamples, and counts how
 * often each covers the true value. `--first` picks the datasets (seeds), so runs can be
 * split into shards on several cores (`--out`) and merged.
 *
 * The truth is the mean of 10 independent draws of the same model, each 20 times larger
 * (20× the subjects and pairs; for identification 20 independent replicates of the probes
 * and gallery, pooled, since rank-k and TPIR depend on the gallery size); its standard
 * error is printed beside it. A single 20× draw is off by about 1/√20 of an estimate's
 * spread, which moves a coverage by up to two points. TAR@FAR and AUC also have an exact
 * value under the model (normal scores), and their coverage of it is printed too.
 *
 * Model, per dataset: S = 400 subjects (`--genuine-mean` moves the 0.5 below, for a weaker
 * model).
 * - Verification: 3 genuine pairs per subject, score 0.5 + u_s + e (u ~ N(0, 0.08²),
 *   e ~ N(0, 0.1²)); 200,000 impostor pairs of two random subjects a ≠ b, score
 *   v_a + v_b + e' (v ~ N(0, 0.03²), e' ~ N(0, 0.08²)).
 * - Identification: a gallery of one template for each of the first 200 subjects (its own
 *   effect g ~ N(0, 0.03²)); 3 probes per subject (IJB-S-like: several probe templates per
 *   subject), 600 mated and 600 without a mate. Mate score 0.5 + u_s + e, non-mate
 *   v_s + g + e'. Rank-1/5/10 and TPIR@FPIR=1e-2, 1e-1 under each open-set rule
 *   (`ijb-evals`, `ijbs` (IJB-S), `insightface-1n`).
 */
import { parseArgs } from "node:util";
import { matrix } from "../../mod.ts";
import { type OpenSetRule, type ProbeStats, probeStats } from "../../src/metrics/mod.ts";
import {
  aucInterval,
  column,
  correctedVariance,
  drawSubjects,
  IdentificationBootstrap,
  identificationResamples,
  OpenSet1nScores,
  percentileInterval,
  scoreInterval,
  VerificationBootstrap,
  verificationResamplesParallel,
} from "../../src/uncertainty/mod.ts";
import { _rng } from "../../src/uncertainty/_synthetic_scores.ts";

const { values: flags, positionals } = parseArgs({
  args: Deno.args,
  allowPositionals: true,
  options: {
    first: { type: "string", default: "0" },
    out: { type: "string" },
    "genuine-mean": { type: "string", default: "0.5" },
  },
});
const MERGE = positionals[0] === "merge";
const DATASETS = MERGE ? 0 : Number(positionals[0] ?? 200), B = Number(positionals[1] ?? 1000);
const WORKERS = Number(positionals[2] ?? 1), FIRST = Number(flags.first);
const SCALE = 20, TRUTH_DRAWS = 10;
const S = 400, T = 3, IMPOSTORS = 200_000, GALLERY = 200, PROBES = 3;
const MU = Number(flags["genuine-mean"]), SU = 0.08, SE = 0.1, SV = 0.03, SE2 = 0.08;
const FARS = [1e-4, 1e-3, 1e-2, 1e-1], RANKS = [1, 5, 10], FPIRS = [1e-2, 1e-1];
const RULES: readonly OpenSetRule[] = ["ijb-evals", "ijbs", "insightface-1n"];
const NAMES = [
  ...FARS.map((f) => `TAR@FAR=${f.toExponential(0)}`),
  "AUC",
  ...RANKS.map((k) => `Rank-${k}`),
  ...RULES.flatMap((rule) => FPIRS.map((f) => `TPIR@FPIR=${f.toExponential(0)} (${rule})`)),
];

// The exact values where the model has a closed form (TAR@FAR and AUC, both scores normal).
const SG = Math.hypot(SU, SE), SI = Math.sqrt(2 * SV * SV + SE2 * SE2);
const phi = (x: number) => 0.5 * _erfc(-x / Math.SQRT2);
function _erfc(x: number): number { // Numerical Recipes erfcc, |error| < 1.2e-7
  const z = Math.abs(x), t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(
    -z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 +
                  t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 +
                                  t * (-0.82215223 + t * 0.17087277)))))))),
  );
  return x >= 0 ? r : 2 - r;
}
function _quantile(p: number): number { // inverse of phi by bisection
  let lo = -10, hi = 10;
  for (let i = 0; i < 100; i++) {
    [lo, hi] = phi((lo + hi) / 2) < p ? [(lo + hi) / 2, hi] : [lo, (lo + hi) / 2];
  }
  return (lo + hi) / 2;
}
const EXACT = [
  ...FARS.map((far) => 1 - phi((SI * _quantile(1 - far) - MU) / SG)),
  phi(MU / Math.hypot(SG, SI)),
];

/** A verification sampler of `scale`·S subjects and `scale`·200,000 impostor pairs. */
function verification(seed: number, scale: number): VerificationBootstrap {
  const { normal, uniform } = _rng(seed);
  const s = S * scale, u = Float64Array.from({ length: s }, () => SU * normal());
  const v = Float64Array.from({ length: s }, () => SV * normal());
  const nG = s * T, n = nG + IMPOSTORS * scale;
  const scores = new Float32Array(n), labels = new Uint8Array(n);
  const first = new Int32Array(n), second = new Int32Array(n);
  for (let i = 0; i < nG; i++) {
    const a = Math.floor(i / T);
    scores[i] = MU + u[a]! + SE * normal();
    labels[i] = 1;
    first[i] = second[i] = a;
  }
  for (let i = nG; i < n;) {
    const a = Math.floor(uniform() * s), b = Math.floor(uniform() * s);
    if (a === b) continue;
    scores[i] = v[a]! + v[b]! + SE2 * normal();
    first[i] = a;
    second[i++] = b;
  }
  return new VerificationBootstrap(scores, labels, { first, second, count: s });
}

/** One identification sampler per rule over `replicates` independent probe sets and galleries. */
function identification(seed: number, replicates: number): IdentificationBootstrap[] {
  const { normal } = _rng(seed);
  const P = S * PROBES, n = P * replicates;
  const probeSubjects = Int32Array.from({ length: n }, (_, i) => Math.floor(i / PROBES));
  const blocks: ProbeStats[] = [];
  const open1n = new OpenSet1nScores({ probes: n });
  for (let r = 0; r < replicates; r++) {
    const u = Float64Array.from({ length: S }, () => SU * normal());
    const v = Float64Array.from({ length: S }, () => SV * normal());
    const g = Float64Array.from({ length: GALLERY }, () => SV * normal());
    const data = new Float32Array(P * GALLERY);
    for (let p = 0; p < P; p++) {
      const s = Math.floor(p / PROBES);
      for (let t = 0; t < GALLERY; t++) {
        data[p * GALLERY + t] = s === t
          ? MU + u[s]! + SE * normal()
          : v[s]! + g[t]! + SE2 * normal();
      }
    }
    const subjects = {
      probe: probeSubjects.subarray(r * P, (r + 1) * P),
      gallery: Int32Array.from({ length: GALLERY }, (_, t) => r * S + t),
    };
    blocks.push(probeStats(matrix(P, GALLERY, data), subjects, "coverage"));
    open1n.add(matrix(P, GALLERY, data), subjects);
  }
  const cat = <K extends keyof ProbeStats>(key: K) => {
    const Type = blocks[0]![key].constructor as new (n: number) => ProbeStats[K];
    const out = new Type(n) as unknown as { set(a: ArrayLike<number>, o: number): void };
    blocks.forEach((b, r) => out.set(b[key] as unknown as ArrayLike<number>, r * P));
    return out as unknown as ProbeStats[K];
  };
  const stats = {
    mated: cat("mated"),
    mate: cat("mate"),
    nonMateMax: cat("nonMateMax"),
    rank: cat("rank"),
  };
  const kept = open1n.probes();
  return RULES.map((rule) =>
    new IdentificationBootstrap({
      probeSubjects,
      subjects: S * replicates,
      closed: stats,
      open: [stats],
      rule,
      open1n: kept,
    })
  );
}

/** Every metric with every count 1 (the point estimates). */
function points(ver: VerificationBootstrap, ids: IdentificationBootstrap[]): number[] {
  const v = new Float64Array(FARS.length + 1), ones = new Uint32Array(ver.subjects).fill(1);
  ver.evaluate(ones, 0, FARS, v);
  const out = [...v];
  ids.forEach((sampler, i) => {
    const ranks = i === 0 ? RANKS : [];
    const o = new Float64Array(ranks.length + FPIRS.length);
    sampler.evaluate(new Uint32Array(sampler.subjects).fill(1), 0, ranks, FPIRS, o);
    out.push(...o);
  });
  return out;
}

function sd(a: number[]): number {
  const mean = a.reduce((x, y) => x + y, 0) / a.length;
  return Math.sqrt(a.reduce((x, y) => x + (y - mean) ** 2, 0) / (a.length - 1));
}

/** One dataset's interval of one metric, or null when it got none. */
type Row =
  ({ point: number; lo: number; hi: number; plo: number; phi: number; sd: number } | null)[];
/** What a run writes with `--out` and `merge` reads back. */
interface Shard {
  resamples: number;
  /** The genuine mean of the model, and the exact TAR@FAR and AUC under it. */
  genuineMean: number;
  exact: number[];
  truth: number[];
  truthSe: number[];
  seconds: number;
  rows: Row[];
}

async function run(): Promise<Shard> {
  const started = performance.now();
  // The truth: the mean of TRUTH_DRAWS independent 20× draws, and its standard error.
  const draws20 = Array.from(
    { length: TRUTH_DRAWS },
    (_, k) => points(verification(100 + k, SCALE), identification(200 + k, SCALE)),
  );
  const truth = NAMES.map((_, m) => draws20.reduce((a, p) => a + p[m]!, 0) / TRUTH_DRAWS);
  const truthSe = NAMES.map((_, m) => sd(draws20.map((p) => p[m]!)) / Math.sqrt(TRUTH_DRAWS));
  const rows: Row[] = [];
  for (let d = FIRST; d < FIRST + DATASETS; d++) rows.push(await dataset(d));
  const seconds = (performance.now() - started) / 1000;
  return { resamples: B, genuineMean: MU, exact: EXACT, truth, truthSe, seconds, rows };
}

/** Dataset `d`: every metric's interval (and the percentile interval beside it). */
async function dataset(d: number): Promise<Row> {
  const ver = verification(1000 + d, 1), ids = identification(5000 + d, 1);
  const point = points(ver, ids);
  const draws = drawSubjects(S, { resamples: B, seed: d + 1 });
  const vr = await verificationResamplesParallel(ver, draws, FARS, { workers: WORKERS });
  const pairs = ver.pairResamples(FARS, { resamples: B, seed: d + 1 });
  const influence = ver.aucInfluence();
  const idDraws = drawSubjects(S, { resamples: B, seed: d + 1, strata: ids[0]!.strata });
  const cols: { values: Float64Array; pairLevel?: Float64Array; n: number }[] = [];
  for (let m = 0; m <= FARS.length; m++) {
    const pairLevel = m < FARS.length
      ? Float64Array.from({ length: B }, (_, b) => pairs[b * FARS.length + m]!)
      : undefined;
    cols.push({ values: column(vr, m), pairLevel, n: ver.genuine });
  }
  ids.forEach((sampler, i) => {
    const ranks = i === 0 ? RANKS : [];
    const r = identificationResamples(sampler, idDraws, ranks, FPIRS);
    for (let m = 0; m < r.metrics; m++) {
      // An insightface-1n FPIR whose resamples needed deeper non-mate scores gets no interval.
      const truncated = m >= ranks.length && sampler.truncated.has(FPIRS[m - ranks.length]!);
      cols.push({ values: truncated ? new Float64Array(0) : column(r, m), n: sampler.mated });
    }
  });
  return cols.map(({ values, pairLevel, n }, m) => {
    if (values.length === 0) return null;
    const [lo, hi] = m === FARS.length
      ? aucInterval(point[m]!, values, influence, draws, n)
      : scoreInterval(point[m]!, values, n, { pairLevel });
    const [plo, phi] = percentileInterval(values);
    return {
      point: point[m]!,
      lo,
      hi,
      plo,
      phi,
      sd: Math.sqrt(correctedVariance(values, pairLevel)),
    };
  });
}

/** The coverage table of one run or of merged shards. */
function table(shards: Shard[]): string {
  const { truth, truthSe, exact, genuineMean } = shards[0]!;
  if (shards.some((x) => x.genuineMean !== genuineMean)) {
    throw new Error("Cannot merge shards of different models (--genuine-mean)");
  }
  const rows = shards.flatMap((x) => x.rows), n = rows.length;
  const pct = (x: number, of: number) => (100 * x / of).toFixed(1);
  const seconds = shards.reduce((a, x) => a + x.seconds, 0);
  const lines = [
    `${n} datasets (genuine mean ${genuineMean}), ${shards[0]!.resamples} resamples, ` +
    `truth the mean of ${TRUTH_DRAWS} draws ` +
    `${SCALE}× larger, ${seconds.toFixed(0)} s of runs; ` +
    `Monte Carlo sd of a coverage near 95%: ${pct(Math.sqrt(0.95 * 0.05 / n), 1)} points`,
    "| Metric | Truth (± its SE) | Coverage | Percentile (subjects only) | Exact value | " +
    "Coverage of the exact value | Mean width (pp) | SD of estimates (pp) | Mean bootstrap SD (pp) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  ];
  NAMES.forEach((name, m) => {
    const got = rows.map((r) => r[m]).filter((x) => x !== null && x !== undefined);
    const k = got.length, t = truth[m]!, e = exact[m];
    const count = (f: (x: NonNullable<Row[number]>) => boolean) => got.filter(f).length;
    const mean = (f: (x: NonNullable<Row[number]>) => number) =>
      got.reduce((a, x) => a + f(x), 0) / k;
    lines.push(
      `| ${name} | ${t.toFixed(4)} ± ${truthSe[m]!.toFixed(4)} | **${
        pct(count((x) => x.lo <= t && t <= x.hi), k)
      }%** | ${pct(count((x) => x.plo <= t && t <= x.phi), k)}% | ${e?.toFixed(4) ?? "—"} | ${
        e === undefined ? "—" : `${pct(count((x) => x.lo <= e && e <= x.hi), k)}%`
      } | ${(100 * mean((x) => x.hi - x.lo)).toFixed(1)} | ${
        (100 * sd(got.map((x) => x.point))).toFixed(2)
      } | ${(100 * mean((x) => x.sd)).toFixed(1)}${
        k < n ? ` (no interval in ${n - k} datasets)` : ""
      } |`,
    );
  });
  return lines.join("\n");
}

if (MERGE) {
  const shards = await Promise.all(
    positionals.slice(1).map(async (f) => JSON.parse(await Deno.readTextFile(f)) as Shard),
  );
  console.log(table(shards));
} else {
  const shard = await run();
  if (flags.out) await Deno.writeTextFile(flags.out, JSON.stringify(shard));
  console.log(table([shard]));
}
