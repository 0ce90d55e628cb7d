"""Reference values for the studentised AUC interval (src/uncertainty/studentized_interval.ts
and VerificationBootstrap.aucInfluence), computed independently.

On a small dataset with ties (12 subjects, every pair of their templates) and a second set of
scores for the same pairs (the paired gate's "current" run):

1. Resampled AUCs: for each vector of subject counts c (numpy's multinomial, plus all-ones),
   every pair is repeated literally with np.repeat (c[a] times within subject a, c[a] c[b]
   times across subjects a != b) and sklearn's roc_auc_score gives the AUC of the repeated
   pairs.
2. Placements by brute force: a genuine pair's is the fraction of impostors below it, an
   impostor's the fraction of genuine pairs above it, ties one half; summed per subject (an
   impostor pair counts for both of its subjects).
3. The delta-method standard error for counts c and value A:
   L_s = (sum_g a_g - A n_g) / G* + (sum_i b_i - A n_i) / I*, G* = sum c n_g,
   I* = sum c n_i / 2, se^2 = S/(S-1) (sum c L^2 - (sum c L)^2 / S).
4. The calibrated level (the iterated bootstrap): for each resample b, CALIBRATION inner
   resamples of its subject copies (xoshiro128** seeded through splitmix32 with the draws'
   seed, mirrored here with Python integers; copies[floor(u S)], copies listing subject s
   c[s] times), each giving the ratio value sum c a / sum c n_g and its standard error; the
   level is the smallest of LEVELS whose inner studentised intervals around resample b's
   value hold the data's value in at least 95% of the resamples.
5. The interval [A - q((1+l)/2) se, A - q((1-l)/2) se] at that level l, q numpy's default
   (linear) quantile of t_b = (A_b - A) / se_b over the resamples with se_b > 0, clipped to
   [0, 1] for the AUC and not clipped for the difference of the two runs' AUCs.

Run once: /usr/bin/python3 tools/make_studentized_reference.py
Writes fixtures/uncertainty/studentized_reference.json (numpy 1.24, scikit-learn 1.2).
"""
import json
import math

import numpy as np
from sklearn.metrics import roc_auc_score

rng = np.random.default_rng(4122026)
S = 12
tsub = np.concatenate([[s] * rng.integers(2, 5) for s in range(S)])
i1, i2 = np.triu_indices(len(tsub), 1)
a, b = tsub[i1], tsub[i2]
labels = (a == b).astype(np.uint8)
base = np.where(labels == 1, rng.normal(0.4, 0.2, len(a)), rng.normal(0.1, 0.15, len(a)))
runs = [np.round(base, 2).astype(np.float32),
        np.round(base + rng.normal(0.02, 0.05, len(a)), 2).astype(np.float32)]

B = 40
counts = rng.multinomial(S, [1 / S] * S, size=B)
counts[0] = 1  # the data itself
counts[1] = 0
counts[1][3] = S  # one subject only: no impostors, an undefined AUC


def resampled_auc(scores, c):
    w = np.where(labels == 1, c[a], c[a] * c[b])
    y = np.repeat(labels, w)
    if y.sum() == 0 or y.sum() == len(y):
        return math.nan
    return float(roc_auc_score(y, np.repeat(scores.astype(np.float64), w)))


def influence(scores):
    g, i = scores[labels == 1].astype(np.float64), scores[labels == 0].astype(np.float64)
    pa = ((i[None, :] < g[:, None]) + 0.5 * (i[None, :] == g[:, None])).mean(axis=1)
    pb = ((g[:, None] > i[None, :]) + 0.5 * (g[:, None] == i[None, :])).mean(axis=0)
    ga, gn, ib, inn = (np.zeros(S) for _ in range(4))
    np.add.at(ga, a[labels == 1], pa)
    np.add.at(gn, a[labels == 1], 1)
    for side in (a, b):
        np.add.at(ib, side[labels == 0], pb)
        np.add.at(inn, side[labels == 0], 1)
    return ga, gn, ib, inn


def standard_error(inf, c, value):
    ga, gn, ib, inn = inf
    G, I = (c * gn).sum(), (c * inn).sum() / 2
    if math.isnan(value) or G == 0 or I == 0:
        return math.nan
    L = (ga - value * gn) / G + (ib - value * inn) / I
    return math.sqrt(max(0.0, ((c * L * L).sum() - (c * L).sum() ** 2 / S)) * S / (S - 1))


def studentized(point, values, errors, error, level, clip):
    t = np.array([(v - point) / e for v, e in zip(values, errors)
                  if not math.isnan(v) and e > 0])
    lo = point - np.quantile(t, (1 + level) / 2) * error
    hi = point - np.quantile(t, (1 - level) / 2) * error
    return [float(max(0.0, lo)), float(min(1.0, hi))] if clip else [float(lo), float(hi)]


M32 = 0xFFFFFFFF
LEVELS = [0.95, 0.96, 0.97, 0.98, 0.985, 0.99, 0.9925, 0.995, 0.9975, 0.999]
CALIBRATION = 100


def xoshiro(seed):
    z = seed & M32

    def splitmix():
        nonlocal z
        z = (z + 0x9E3779B9) & M32
        t = z ^ (z >> 16)
        t = (t * 0x21F0AAAD) & M32
        t ^= t >> 15
        t = (t * 0x735A2D97) & M32
        return t ^ (t >> 15)

    st = [splitmix() for _ in range(4)]
    rotl = lambda x, k: ((x << k) | (x >> (32 - k))) & M32  # noqa: E731

    def step():
        a, b, c, d = st
        r = (rotl((b * 5) & M32, 7) * 9) & M32
        t = (b << 9) & M32
        c ^= a
        d ^= b
        b ^= c
        a ^= d
        c ^= t
        d = rotl(d, 11)
        st[:] = [a, b, c, d]
        return r

    return step


def ratio(inf, c):
    num = den = 0.0
    for s in range(S):
        num += c[s] * inf[0][s]
        den += c[s] * inf[1][s]
    return num / den if den > 0 else math.nan


def calibrated_level(inf, seed, level=0.95):
    nxt = xoshiro(seed)
    theta = ratio(inf, np.ones(S, dtype=np.int64))
    hits = np.zeros(len(LEVELS))
    for c in counts:
        copies = np.repeat(np.arange(S), c)
        tb = ratio(inf, c)
        eb = standard_error(inf, c, tb)
        ts = []
        for _ in range(CALIBRATION):
            d = np.zeros(S, dtype=np.int64)
            for _ in range(S):
                d[copies[math.floor(nxt() / 4294967296 * S)]] += 1
            v = ratio(inf, d)
            e = standard_error(inf, d, v)
            if not math.isnan(v) and e > 0:
                ts.append((v - tb) / e)
        if len(ts) < 2 or not eb > 0 or math.isnan(tb):
            continue
        for k, lv in enumerate(LEVELS):
            lo = tb - np.quantile(ts, (1 + lv) / 2) * eb
            hi = tb - np.quantile(ts, (1 - lv) / 2) * eb
            hits[k] += lo <= theta <= hi
    ok = [k for k in range(len(LEVELS)) if hits[k] >= level * len(counts)]
    return LEVELS[ok[0] if ok else -1]


ones = np.ones(S, dtype=np.int64)
infs = [influence(s) for s in runs]
aucs = [[resampled_auc(s, c) for c in counts] for s in runs]
points = [resampled_auc(s, ones) for s in runs]
SEED = 0
intervals, errors, levels = [], [], []
for inf, vals, point in zip(infs, aucs, points):
    e = [standard_error(inf, c, v) for c, v in zip(counts, vals)]
    errors.append(e)
    levels.append(calibrated_level(inf, SEED))
    intervals.append(
        studentized(point, vals, e, standard_error(inf, ones, point), levels[-1], True))
dinf = (infs[1][0] - infs[0][0], infs[0][1], infs[1][2] - infs[0][2], infs[0][3])
dvals = [y - x for x, y in zip(*aucs)]
dpoint = points[1] - points[0]
derr = [standard_error(dinf, c, v) for c, v in zip(counts, dvals)]
dlevel = calibrated_level(dinf, SEED)
difference = studentized(dpoint, dvals, derr, standard_error(dinf, ones, dpoint), dlevel, False)

nan = lambda v: None if math.isnan(v) else v  # noqa: E731
out = {
    "labels": labels.tolist(),
    "first": a.tolist(),
    "second": b.tolist(),
    "subjects": S,
    "runs": [{
        "scores": [float(x) for x in s],
        "influence": {"genuine": inf[0].tolist(), "genuine_count": inf[1].tolist(),
                      "impostor": inf[2].tolist(), "impostor_count": inf[3].tolist()},
        "aucs": [nan(v) for v in vals],
        "errors": [nan(v) for v in e],
        "point": point,
        "level": lv,
        "interval": iv,
    } for s, inf, vals, e, point, lv, iv in
        zip(runs, infs, aucs, errors, points, levels, intervals)],
    "counts": counts.tolist(),
    "seed": SEED,
    "difference": {"errors": [nan(v) for v in derr], "level": dlevel, "interval": difference},
}
with open("fixtures/uncertainty/studentized_reference.json", "w") as f:
    json.dump(out, f)
print(f"{len(a)} pairs, {B} resamples; AUC {points}; levels {levels}, {dlevel}; "
      f"intervals {intervals}; difference {difference}")
