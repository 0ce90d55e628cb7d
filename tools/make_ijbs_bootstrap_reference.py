"""Reference values for the weighted IJB-S open-set rule (src/uncertainty/identification_bootstrap.ts).

Reads the probes, galleries and subject draw counts of fixtures/uncertainty/bootstrap_reference.json
(tools/make_bootstrap_reference.py). For each draw every probe is repeated c[subject] times
with np.repeat, and the IJB-S rule of the public evaluation code (PFE/AdaFace `DIR_FAR` with
`find_thresholds_by_FAR`) is applied to the replicated probes of each gallery as they are:
non-mated probes' best scores sorted descending, k = int(n * FPIR), threshold = the k-th
(top + 1e-8 in float32 at k = 0), a mated probe is a hit when its mate ranks first (stable
descending sort of its row) and its mate score is >= the threshold; TPIR is the mean over G1
and G2. The harness must reproduce these from the counts alone, without replicating anything.

Run once: /usr/bin/python3 tools/make_ijbs_bootstrap_reference.py
Writes fixtures/uncertainty/ijbs_bootstrap_reference.json (numpy 1.24).
"""
import json
import os

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "fixtures", "uncertainty", "bootstrap_reference.json")
OUT = os.path.join(ROOT, "fixtures", "uncertainty", "ijbs_bootstrap_reference.json")
FPIRS = [0.0, 0.01, 0.1, 0.3, 0.5, 1.0]

src = json.load(open(SOURCE))
probe = np.array(src["probe_subjects"], dtype=np.int32)
gallery = np.array(src["gallery_subjects"], dtype=np.int32)
gallery_set = np.array(src["gallery_set"], dtype=np.int32)
scores = np.array(src["probe_scores"], dtype=np.float32).reshape(len(probe), len(gallery))
counts = np.array(src["counts"], dtype=np.int64)


def dir_far_open(score_mat, label_mat, fpir):
    """TPIR at one FPIR, as DIR_FAR computes it at rank 1; None when undefined."""
    assert np.all(label_mat.sum(axis=1) <= 1), "a subject twice in one gallery"
    mate = label_mat.any(axis=1)
    if mate.sum() == 0 or (~mate).sum() == 0:
        return None
    negatives = np.sort(score_mat[~mate].max(axis=1))[::-1]
    k = int(np.int32(len(negatives) * np.float64(fpir)))
    threshold = negatives[0] + np.float32(1e-8) if k == 0 else negatives[k - 1]
    sm, lm = score_mat[mate], label_mat[mate]
    order = np.argsort(-sm, axis=1, kind="stable")
    top1 = np.take_along_axis(lm, order, axis=1)[:, 0]
    genuine = sm[lm]
    return float(((genuine >= threshold) & top1).sum() / len(genuine))


def tpir(c):
    rep = np.repeat(np.arange(len(probe)), c[probe])
    sc, ps = scores[rep], probe[rep]
    out = []
    for f in FPIRS:
        per = []
        for g in (0, 1):
            cols = gallery_set == g
            per.append(dir_far_open(sc[:, cols], gallery[cols][None, :] == ps[:, None], f))
        out.append(None if any(v is None for v in per) else float(np.mean(per)))
    return out


with open(OUT, "w") as f:
    json.dump({"fpirs": FPIRS, "tpir": [tpir(c) for c in counts]}, f)
print(len(counts), "draws,", len(probe), "probes")
