"""Reference values for the two-stage bootstrap's second stage and its interval
(src/uncertainty/verification_bootstrap.ts pairResamples, src/uncertainty/score_interval.ts),
computed independently.

1. Pair-level resamples: on a small dataset with ties, each impostor pair is repeated by its
   Poisson(1) count (the counter-based generator is mirrored here with Python integers),
   genuine pairs once; sklearn's roc_curve gives the ROC of the repeated pairs, its FPR is
   rescaled to the number of impostors of the dataset (the harness keeps that denominator),
   and TAR@FAR is the insightface nearest-point rule (ties to the larger FAR).
2. Intervals: for fixed vectors of resampled values, the corrected variance
   max(V_s - 2 V_p, V_s / 3) (numpy, ddof 1, NaN left out), the Wilson score interval with
   the effective sample size p(1 - p) / V (n when V = 0 or p is 0 or 1), and the normal
   interval of a difference; z from Python's statistics.NormalDist.

Run once: /usr/bin/python3 tools/make_score_interval_reference.py
Writes fixtures/uncertainty/score_interval_reference.json (numpy 1.24, scikit-learn 1.2).
"""
import json
import math
import warnings
from statistics import NormalDist

import numpy as np
from sklearn.metrics import roc_curve

warnings.filterwarnings("ignore")
M32 = 0xFFFFFFFF
rng = np.random.default_rng(20261204)


def mix(h):
    """murmur3's fmix32."""
    h &= M32
    h = ((h ^ (h >> 16)) * 0x85EBCA6B) & M32
    h = ((h ^ (h >> 13)) * 0xC2B2AE35) & M32
    return h ^ (h >> 16)


def poisson1(u):
    x = u / 4294967296
    k, p = 0, math.exp(-1)
    cdf = p
    while x >= cdf and k < 20:
        k += 1
        p /= k
        cdf += p
    return k


def pair_weight(seed, resample, pair):
    return poisson1(mix(mix(mix(seed) ^ resample) ^ pair))


# 1. A small dataset with ties: 12 subjects, 2-4 templates each, every pair of templates.
S = 12
tsub = np.concatenate([[s] * rng.integers(2, 5) for s in range(S)])
i1, i2 = np.triu_indices(len(tsub), 1)
a, b = tsub[i1], tsub[i2]
labels = (a == b).astype(np.uint8)
scores = np.where(labels == 1, rng.normal(0.45, 0.2, len(a)), rng.normal(0.1, 0.15, len(a)))
scores = np.round(scores, 2).astype(np.float32)
FARS = [0.0, 1e-2, 0.05, 0.1, 0.3]
SEED, B = 5, 24
impostors = int((labels == 0).sum())


def pair_tars(r):
    w = np.array([1 if labels[i] == 1 else pair_weight(SEED, r, i) for i in range(len(a))])
    fpr, tpr, _ = roc_curve(np.repeat(labels, w), np.repeat(scores, w))
    fpr = fpr * w[labels == 0].sum() / impostors
    fr, tr = np.flipud(fpr), np.flipud(tpr)
    return [float(tr[np.argmin(np.abs(fr - x))]) for x in FARS]


weights = [[pair_weight(SEED, r, i) for i in (0, 1, 7, 100, 4000)] for r in (0, 1, 99)]

# 2. Intervals.
Z = NormalDist().inv_cdf(0.975)


def variance(v):
    v = np.asarray(v, dtype=np.float64)
    v = v[~np.isnan(v)]
    return float(np.var(v, ddof=1)) if len(v) >= 2 else math.nan


def corrected(vs, vp):
    return vs if vp is None or math.isnan(vp) else max(vs - 2 * vp, vs / 3)


def wilson(point, values, n, pair_level):
    v = corrected(variance(values), None if pair_level is None else variance(pair_level))
    p = min(1.0, max(0.0, point))
    m = p * (1 - p) / v if v > 0 and 0 < p < 1 else n
    center = (p + Z * Z / (2 * m)) / (1 + Z * Z / m)
    half = Z / (1 + Z * Z / m) * math.sqrt(p * (1 - p) / m + Z * Z / (4 * m * m))
    return [max(0.0, min(p, center - half)), min(1.0, max(p, center + half))]


def difference(delta, values, pair_level):
    v = corrected(variance(values), None if pair_level is None else variance(pair_level))
    return [delta - Z * math.sqrt(v), delta + Z * math.sqrt(v)]


cases = []
for point, n, spread, pair_spread in [
    (0.9, 500, 0.02, 0.008),  # pair-level part removed twice
    (0.9, 500, 0.02, 0.02),  # floor V_s / 3
    (0.995, 1200, 0.003, None),  # near 1: asymmetric
    (0.3, 80, 0.05, None),
    (1.0, 400, 0.0, None),  # no spread at the boundary: n
    (0.0, 50, 0.0, None),
]:
    values = point + spread * rng.standard_normal(200)
    values[::37] = np.nan  # undefined resamples are left out
    pl = None if pair_spread is None else (point + pair_spread * rng.standard_normal(200))
    cases.append({
        "point": point,
        "n": n,
        "values": [None if np.isnan(x) else float(x) for x in values],
        "pair_level": None if pl is None else [float(x) for x in pl],
        "variance": corrected(variance(values), None if pl is None else variance(pl)),
        "interval": wilson(point, values, n, pl),
        "difference": difference(point - 0.5, values, pl),
    })

out = {
    "scores": [float(x) for x in scores],
    "labels": labels.tolist(),
    "first": a.tolist(),
    "second": b.tolist(),
    "subjects": S,
    "fars": FARS,
    "seed": SEED,
    "tars": [pair_tars(r) for r in range(B)],
    "weights": {"seed": SEED, "resamples": [0, 1, 99], "pairs": [0, 1, 7, 100, 4000],
                "values": weights},
    "cases": cases,
}
with open("fixtures/uncertainty/score_interval_reference.json", "w") as f:
    json.dump(out, f)
print(f"{len(a)} pairs ({impostors} impostors), {B} pair-level resamples, {len(cases)} intervals")
