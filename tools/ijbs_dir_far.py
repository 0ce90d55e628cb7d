"""The closed- and open-set rates of the public IJB-S evaluation code (PFE/AdaFace `DIR_FAR`
and `find_thresholds_by_FAR`), in numpy, for the IJB-S fixture scripts
(make_ijbs_fixture.py, caface/make_ijbs_reference.py).
"""
import numpy as np


def find_thresholds_by_FAR(score_vec, FARs, epsilon=1e-8):
    score_neg = np.sort(score_vec)[::-1]
    num_neg = len(score_neg)
    assert num_neg >= 1
    out = []
    for n in (num_neg * np.array(FARs)).astype(np.int32):
        out.append(score_neg[0] + np.float32(epsilon) if n == 0 else score_neg[n - 1])
    return out, [int(n) for n in (num_neg * np.array(FARs)).astype(np.int32)], num_neg


def DIR_FAR(score_mat, label_mat, ranks=(1,), FARs=(1.0,)):
    """Mirror of PFE/AdaFace DIR_FAR; rates as exact float64 fractions plus hit counts."""
    assert np.all(label_mat.sum(axis=1) <= 1)
    mate = label_mat.any(axis=1)
    sm, lm, snm = score_mat[mate], label_mat[mate], score_mat[~mate]
    if len(FARs) == 1 and FARs[0] >= 1.0:
        thresholds, ks, n_nm = [np.min(score_mat) - 1e-10], [None], len(snm)
    else:
        thresholds, ks, n_nm = find_thresholds_by_FAR(snm.max(axis=1), FARs)
    order = np.argsort(-sm, axis=1, kind="stable")
    sorted_labels = np.take_along_axis(lm, order, axis=1)
    gt = sm[lm]
    assert gt.size == sm.shape[0]
    rates, hits = [], []
    for threshold in thresholds:
        for rank in ranks:
            ok = (gt >= threshold) & sorted_labels[:, :rank].any(axis=1)
            hits.append(int(ok.sum()))
            rates.append(ok.sum() / len(gt))
    return rates, hits, int(mate.sum()), ks, n_nm, [float(t) for t in thresholds]


def min_gap(score_mat, label_mat):
    """Smallest distance between a mate score and any other score of its row."""
    gaps = [np.min(np.abs(np.delete(row, np.flatnonzero(lab)) - row[lab][0]))
            for row, lab in zip(score_mat, label_mat) if lab.any()]
    return min(gaps)
