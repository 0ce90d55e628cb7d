"""Reference values for the subjects bootstrap (src/uncertainty/), computed independently.

For a small dataset and a fixed matrix of subject draws (made here with numpy and saved in
the fixture), every resample's metrics are computed the plain way: each pair (or probe) is
repeated by its multiplicity with np.repeat, then sklearn's roc_curve / auc and the
insightface nearest-point rule, and the rank-k and ijb_evals TPIR@FPIR rules in numpy.
The harness must reproduce them from the same draws with its weight-vector walk.

Run once: /usr/bin/python3 tools/make_bootstrap_reference.py
Writes fixtures/uncertainty/bootstrap_reference.json (numpy 1.24, scikit-learn 1.2).
"""
import json
import warnings

import numpy as np
from sklearn.metrics import auc, roc_curve

warnings.filterwarnings("ignore")
rng = np.random.default_rng(20261128)
S = 10
FARS = [0.0, 1e-3, 1e-2, 0.05, 0.1, 0.3, 1.0]
RANKS = [1, 2, 5]
FPIRS = [0.1, 0.3, 0.5]

# Verification: 2-4 templates per subject, every pair of templates.
tsub = np.concatenate([[s] * rng.integers(2, 5) for s in range(S)])
i1, i2 = np.triu_indices(len(tsub), 1)
a, b = tsub[i1], tsub[i2]
labels = (a == b).astype(np.uint8)
scores = np.where(labels == 1, rng.normal(0.45, 0.2, len(a)), rng.normal(0.1, 0.15, len(a)))
scores = np.round(scores, 2).astype(np.float32)  # 2 decimals: many ties, across labels too

# Identification: subjects 0-3 in G1, 4-6 in G2 (one template each), 7-9 have none.
gallery_subjects = np.arange(7, dtype=np.int32)
gallery_set = np.array([0, 0, 0, 0, 1, 1, 1], dtype=np.uint8)
probe_subjects = np.concatenate([[s] * rng.integers(1, 4) for s in range(S)]).astype(np.int32)
pscores = rng.normal(0.1, 0.15, (len(probe_subjects), 7))
for i, s in enumerate(probe_subjects):
    if s < 7:
        pscores[i, s] += rng.uniform(0.0, 0.6)
pscores = np.round(pscores, 2).astype(np.float32)

# Draws: numpy multinomial rows, plus all ones and a resample of one subject only.
counts = rng.multinomial(S, [1.0 / S] * S, size=30)
counts = np.vstack([np.ones(S, dtype=np.int64), counts, np.eye(S, dtype=np.int64)[3] * S])


def num(x):
    return None if np.isnan(x) else float(x)


def verification(c):
    w = np.where(a == b, c[a], c[a] * c[b])
    s, l = np.repeat(scores, w), np.repeat(labels, w)
    fpr, tpr, _ = roc_curve(l, s)
    fr, tr = np.flipud(fpr), np.flipud(tpr)
    tars = [float(tr[np.argmin(np.abs(fr - x))]) for x in FARS]
    return [num(t) for t in tars] + [num(auc(fpr, tpr))]


def identification(c):
    rep = np.repeat(np.arange(len(probe_subjects)), c[probe_subjects])
    sc, ps = pscores[rep], probe_subjects[rep]
    mated = ps < 7
    mate = sc[np.arange(len(ps)), np.minimum(ps, 6)]
    nonmate = np.where(gallery_subjects[None, :] == ps[:, None], -np.inf, sc)
    rank = 1 + (nonmate >= mate[:, None]).sum(1)
    out = [num(np.mean(rank[mated] <= k)) if mated.any() else None for k in RANKS]
    tp = []
    for g in (0, 1):
        cols = gallery_set == g
        gsub = gallery_subjects[cols]
        gm = np.isin(ps, gsub)
        gs = sc[:, cols]
        is_mate = gsub[None, :] == ps[:, None]
        mate_g = np.where(is_mate, gs, -np.inf).max(1)
        non_g = np.where(is_mate, -np.inf, gs).max(1)
        top = np.sort(non_g[~gm])[::-1]
        row = []
        for f in FPIRS:
            if gm.sum() == 0 or len(top) == 0:
                row.append(np.nan)
                continue
            thr = top[max(int(len(top) * f) - 1, 0)]
            hit = gm & (mate_g > non_g) & (mate_g > thr)
            row.append(hit.sum() / gm.sum())
        tp.append(row)
    return out + [num(x) for x in np.mean(tp, 0)]


ref = {
    "subjects": S,
    "fars": FARS,
    "ranks": RANKS,
    "fpirs": FPIRS,
    "pair_scores": scores.tolist(),
    "pair_labels": labels.tolist(),
    "pair_subjects": [a.tolist(), b.tolist()],
    "probe_subjects": probe_subjects.tolist(),
    "gallery_subjects": gallery_subjects.tolist(),
    "gallery_set": gallery_set.tolist(),
    "probe_scores": pscores.ravel().tolist(),
    "counts": counts.tolist(),
    "verification": [verification(c) for c in counts],
    "identification": [identification(c) for c in counts],
}
with open("fixtures/uncertainty/bootstrap_reference.json", "w") as f:
    json.dump(ref, f)
print(len(labels), "pairs,", labels.sum(), "genuine,", len(probe_subjects), "probes,", len(counts), "draws")

# Small .npy files written by numpy itself, for the saved-scores reader and writer tests.
np.save("fixtures/uncertainty/npy_f4.npy", np.array([0.5, -1.25, 3.0], dtype="<f4"))
np.save("fixtures/uncertainty/npy_i4.npy", np.arange(6, dtype="<i4").reshape(3, 2))
np.save("fixtures/uncertainty/npy_u1.npy", np.array([1, 0, 1, 1], dtype="u1"))
