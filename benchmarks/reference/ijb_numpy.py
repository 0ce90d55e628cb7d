#!/usr/bin/python3
"""numpy/sklearn reference for the IJB speed benchmarks, written like insightface's IJB
evaluation: np.loadtxt meta loading, average fusion, 100k-pair scoring batches, sklearn
roc_curve, nearest-point TAR@FAR; with --identification also insightface's 1:N
(`ijb_1n.py`): one gallery [G1 | G2], probe · galleryᵀ, rank-k from a full argsort, and
TPIR@FPIR with the threshold at the ceil(Q·FPIR)-th largest non-mate score (found with
np.partition rather than the official heapq.nlargest, which would take minutes).
Times the same path as benchmarks/speed/evaluate_bench.ts and benchmarks/speed/ijb_end_to_end.ts.

    /usr/bin/python3 benchmarks/reference/ijb_numpy.py [DIR] [--identification]
    (DIR default /tmp/caface-harness-ijbb; the file prefix, ijbb or ijbc, is read from meta/)
"""
import glob
import math
import os
import sys
import time

import numpy as np
from sklearn.metrics import roc_curve

args = [a for a in sys.argv[1:] if not a.startswith("--")]
identification = "--identification" in sys.argv
root = args[0] if args else os.path.join(os.environ.get("TMPDIR", "/tmp"), "caface-harness-ijbb")
prefix = os.path.basename(glob.glob(f"{root}/meta/*_face_tid_mid.txt")[0]).split("_")[0]
t0 = time.perf_counter()
stages = {}


def stage(name, start):
    stages[name] = time.perf_counter() - start
    return time.perf_counter()


t = t0
meta = np.loadtxt(f"{root}/meta/{prefix}_face_tid_mid.txt", dtype=str)
templates, medias = meta[:, 1].astype(int), meta[:, 2].astype(int)
pairs = np.loadtxt(f"{root}/meta/{prefix}_template_pair_label.txt", dtype=int)
p1, p2, label = pairs[:, 0], pairs[:, 1], pairs[:, 2]
feats = np.load(f"{root}/features.npy")
t = stage("load", t)

# average fusion: mean of raw features per template, then x / (|x| + 1e-8)
order = np.argsort(templates, kind="stable")
unique_templates, starts, counts = np.unique(templates[order], return_index=True, return_counts=True)
sums = np.add.reduceat(feats[order], starts, axis=0)
means = sums / counts[:, None]
template_feats = means / (np.linalg.norm(means, axis=1, keepdims=True) + 1e-8)
t = stage("fuse", t)

template2id = np.zeros(max(unique_templates) + 1, dtype=int)
template2id[unique_templates] = np.arange(len(unique_templates))
score = np.zeros(len(p1))
batch = 100000
for s in range(0, len(p1), batch):
    e = min(s + batch, len(p1))
    f1 = template_feats[template2id[p1[s:e]]]
    f2 = template_feats[template2id[p2[s:e]]]
    score[s:e] = np.sum(f1 * f2, -1)
t = stage("score", t)

fpr, tpr, _ = roc_curve(label, score)
fpr, tpr = np.flipud(fpr), np.flipud(tpr)
tars = []
for far in [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1]:
    i = min(list(zip(abs(fpr - far), range(len(fpr)))))[1]
    tars.append(tpr[i] * 100)
t = stage("roc", t)

if identification:
    def read_set(name):
        rows = np.loadtxt(f"{root}/meta/{name}", delimiter=",", skiprows=1, usecols=(0, 1),
                          dtype=int, ndmin=2)
        ids, first = np.unique(rows[:, 0], return_index=True)
        return ids, rows[first, 1]

    names = sorted(os.path.basename(p) for p in glob.glob(f"{root}/meta/{prefix}_1N_gallery_*.csv"))
    sets = [read_set(n) for n in names]
    g_ids = np.concatenate([s[0] for s in sets])
    g_subjects = np.concatenate([s[1] for s in sets])
    q_ids, q_subjects = read_set(f"{prefix}_1N_probe_mixed.csv")
    gallery = template_feats[template2id[g_ids]]
    query = template_feats[template2id[q_ids]]
    similarity = query @ gallery.T
    mask = q_subjects[:, None] == g_subjects[None, :]
    mated = mask.any(axis=1)
    similarity, mask = similarity[mated], mask[mated]
    q = similarity.shape[0]
    top_inds = np.argsort(-similarity, axis=1)
    ranks = {}
    for k in [1, 5, 10]:
        hit = np.take_along_axis(mask, top_inds[:, :k], axis=1).any(axis=1)
        ranks[k] = hit.mean() * 100
    mate_scores = np.where(mask, similarity, -np.inf).max(axis=1)
    non_mates = similarity[~mask]
    tpirs = []
    for fpir in [1e-2, 1e-1]:
        k = math.ceil(q * fpir)
        threshold = np.partition(non_mates, len(non_mates) - k)[len(non_mates) - k]
        tpirs.append((mate_scores > threshold).mean() * 100)
    t = stage("1:N", t)

total = time.perf_counter() - t0
print(" ".join(f"{k} {v:.2f}s" for k, v in stages.items()), f"total {total:.2f}s")
print("TAR@FAR", " ".join(f"{x:.2f}" for x in tars))
if identification:
    print("rank", " ".join(f"{ranks[k]:.2f}" for k in ranks), "TPIR@FPIR",
          " ".join(f"{x:.2f}" for x in tpirs))
