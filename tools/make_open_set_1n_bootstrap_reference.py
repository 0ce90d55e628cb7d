"""Reference values for the weighted insightface 1:N rule (src/uncertainty/open_set_1n_bootstrap.ts).

For a small combined gallery (G1 + G2; subject 0 has two templates) and a few fixed vectors of
subject draw counts, every probe is repeated c[subject] times with np.repeat and the official
rule is applied to the replicated probes as they are: insightface_1n() of
make_open_set_reference.py, the numpy mirror of insightface ijb_1n.py evaluation()
(k = ceil(Q·fpir), threshold = heapq.nlargest(k, neg)[k − 1], TPIR = share of mates > it).
The harness must reproduce them from the counts alone, without replicating anything.

Run once: /usr/bin/python3 tools/make_open_set_1n_bootstrap_reference.py
Writes fixtures/uncertainty/open_set_1n_bootstrap_reference.json (numpy 1.24).
"""
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_open_set_reference import insightface_1n  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fixtures", "uncertainty", "open_set_1n_bootstrap_reference.json")
rng = np.random.default_rng(20261128)
S = 12
FPIRS = [0.0, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0]

# Combined gallery: subjects 0-7, subject 0 twice; subjects 8-11 have no template.
gallery = np.array([0, 1, 2, 3, 4, 5, 6, 7, 0], dtype=np.int32)
probe = np.concatenate([[s] * rng.integers(1, 4) for s in range(S)]).astype(np.int32)
scores = rng.normal(0.1, 0.15, (len(probe), len(gallery)))
for i, s in enumerate(probe):
    scores[i, gallery == s] += rng.uniform(0.0, 0.6)
scores = np.round(scores, 2).astype(np.float32)  # 2 decimals: ties, across mates and non-mates

# Draws: all ones, numpy multinomial rows, one subject only, and unmated subjects only (Q = 0).
counts = rng.multinomial(S, [1.0 / S] * S, size=20)
heavy = np.eye(S, dtype=np.int64)[3] * S
unmated = np.zeros(S, dtype=np.int64)
unmated[8:] = 3
counts = np.vstack([np.ones(S, dtype=np.int64), counts, heavy, unmated])


def num(x):
    return None if np.isnan(x) else float(x)


def tpir(c):
    rep = np.repeat(np.arange(len(probe)), c[probe])
    return [num(insightface_1n(scores[rep], probe[rep], gallery, f)[0]) for f in FPIRS]


ref = {
    "subjects": S,
    "fpirs": FPIRS,
    "probe_subjects": probe.tolist(),
    "gallery_subjects": gallery.tolist(),
    "probe_scores": scores.ravel().tolist(),
    "counts": counts.tolist(),
    "tpir": [tpir(c) for c in counts],
}
with open(OUT, "w") as f:
    json.dump(ref, f)
print(f"wrote {OUT}: {len(probe)} probes, {len(counts)} draws")
