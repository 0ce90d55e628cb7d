#!/usr/bin/python3
"""numpy/sklearn reference for the IJB 1:1 speed benchmark, written like insightface's
IJB evaluation (pandas/np.loadtxt meta loading, 100k-pair scoring batches, sklearn
roc_curve, nearest-point TAR@FAR). Times the same path as src/pipeline/evaluate_bench.ts.

    /usr/bin/python3 benchmarks/reference/ijb_numpy.py [DIR]   # default /tmp/caface-harness-ijbb
"""
import os
import sys
import time

import numpy as np
from sklearn.metrics import roc_curve

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.environ.get("TMPDIR", "/tmp"), "caface-harness-ijbb")
t0 = time.perf_counter()
stages = {}

def stage(name, start):
    stages[name] = time.perf_counter() - start
    return time.perf_counter()

t = t0
meta = np.loadtxt(f"{root}/meta/ijbb_face_tid_mid.txt", dtype=str)
templates, medias = meta[:, 1].astype(int), meta[:, 2].astype(int)
pairs = np.loadtxt(f"{root}/meta/ijbb_template_pair_label.txt", dtype=int)
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
total = time.perf_counter() - t0
print(" ".join(f"{k} {v:.2f}s" for k, v in stages.items()), f"total {total:.2f}s")
print("TAR@FAR", " ".join(f"{x:.2f}" for x in tars))
