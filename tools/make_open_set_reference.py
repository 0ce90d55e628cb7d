#!/usr/bin/python3
"""Writes fixtures/identification/open_set_reference.json: golden TPIR@FPIR values for
the two IJB-B/C open-set rules, computed with numpy independently of the TypeScript code.

    /usr/bin/python3 tools/make_open_set_reference.py

- "insightface-1n" mirrors `evaluation()` of insightface's
  recognition/_evaluation_/ijb/ijb_1n.py line by line: one combined gallery, the mate
  column of each probe set to -2.0, every other score a non-mate score,
  `required_topk = [math.ceil(query_num * x) for x in Fars]`,
  `heapq.nlargest(max(required_topk), neg_sims)`, `th = neg_sims[pos - 1]`,
  `recall = np.sum(pos_sims > th) / query_num`. Each target is evaluated on its own
  (Fars = [fpir]); an IndexError of the official code becomes NaN. Probes without a mate,
  where the official `gen_mask` raises, are removed before the call and counted. A subject
  with several gallery templates (also an error there) takes its best one as the mate and
  none of them as non-mates.
- "ijb-evals" is the per-gallery rule of the third-party Keras `ijb_evals` script: per
  gallery, the non-mated probes' best scores sorted descending, threshold
  `sorted[max(int(n * fpir) - 1, 0)]`, a hit when the mate is strictly top-1 and strictly
  above the threshold; averaged over the galleries.

Cases: hand-made score matrices (ties at the threshold, probes without a mate, k beyond
the number of non-mate scores, FPIR 0), seeded random ones, and the committed synthetic
IJB protocol (fixtures/synthetic, templates from its own numpy reference).
"""
import csv
import heapq
import json
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
OUT = os.path.join(ROOT, "fixtures", "identification", "open_set_reference.json")
FPIRS = [0.0, 0.01, 0.05, 0.1, 0.25, 0.5, 1.0]


def official_1n(similarity, mask, fpir):
    """ijb_1n.py evaluation(), the open-set part, with Fars = [fpir]."""
    query_num = similarity.shape[0]
    required_topk = [math.ceil(query_num * x) for x in [fpir]]
    top_sims = similarity.copy()
    pos_sims = []
    for i in range(query_num):
        gt = mask[i]
        pos_sims.append(top_sims[i, gt])
        top_sims[i, gt] = -2.0
    pos_sims = np.array(pos_sims)
    neg_sims = top_sims[np.where(top_sims > -2.0)]
    neg_sims = heapq.nlargest(max(required_topk), neg_sims)
    out = []
    for far, pos in zip([fpir], required_topk):
        th = neg_sims[pos - 1]
        out.append(np.sum(pos_sims > th) / query_num)
    return out[0]


def insightface_1n(scores, probe, gallery, fpir):
    mated = np.isin(probe, gallery)
    s, p = scores[mated].astype(np.float64), probe[mated]
    if len(p) == 0:
        return float("nan"), int((~mated).sum())
    # Several templates per subject: keep the best mate column, drop the others.
    mask, sims = [], []
    for i in range(len(p)):
        cols = np.where(gallery == p[i])[0]
        best = cols[np.argmax(s[i, cols])]
        row = s[i].copy()
        row[[c for c in cols if c != best]] = -3.0  # below -2.0: neither mate nor non-mate
        mask.append(best)
        sims.append(row)
    sims = np.array(sims)
    try:
        value = float(official_1n(sims, mask, fpir))
    except IndexError:
        value = float("nan")
    return value, int((~mated).sum())


def ijb_evals_one(scores, probe, gallery, fpir):
    is_mated = np.isin(probe, gallery)
    if is_mated.sum() == 0 or (~is_mated).sum() == 0:
        return float("nan")
    nonmated_max = np.sort(scores[~is_mated].max(axis=1))[::-1]
    thr = nonmated_max[max(int(len(nonmated_max) * fpir) - 1, 0)]
    hits = []
    for i in np.where(is_mated)[0]:
        mates = gallery == probe[i]
        mate = scores[i, mates].max()
        others = scores[i, ~mates]
        top1 = len(others) == 0 or mate > others.max()
        hits.append(bool(top1 and mate > thr))
    return float(np.mean(hits))


def case(name, scores, probe, gallery, split=None):
    scores = np.asarray(scores, dtype=np.float32)
    probe, gallery = np.asarray(probe, np.int32), np.asarray(gallery, np.int32)
    one = [insightface_1n(scores, probe, gallery, f) for f in FPIRS]
    out = {
        "name": name,
        "rows": int(scores.shape[0]),
        "cols": int(scores.shape[1]),
        "scores": [float(x) for x in scores.ravel()],
        "probe": probe.tolist(),
        "gallery": gallery.tolist(),
        "fpirs": FPIRS,
        "insightface_1n": [num(v) for v, _ in one],
        "without_mate": one[0][1],
    }
    if split is not None:  # galleries for the per-gallery rule: [0, split) and [split, cols)
        parts = [slice(0, split), slice(split, scores.shape[1])]
        out["split"] = split
        out["ijb_evals"] = [
            num(np.mean([ijb_evals_one(scores[:, g], probe, gallery[g], f) for g in parts]))
            for f in FPIRS
        ]
    return out


def num(x):
    return "NaN" if math.isnan(x) else float(x)


def synthetic():
    base = os.path.join(ROOT, "fixtures", "synthetic")

    def read_set(name):
        ids, subjects = [], {}
        with open(f"{base}/meta/synthetic_1N_{name}.csv") as fh:
            for r in csv.DictReader(fh):
                t = int(r["TEMPLATE_ID"])
                if t not in subjects:
                    ids.append(t)
                    subjects[t] = int(r["SUBJECT_ID"])
        return np.array(ids), np.array([subjects[t] for t in ids])

    rows = [line.split() for line in open(f"{base}/meta/synthetic_face_tid_mid.txt")]
    index = {t: i for i, t in enumerate(np.unique([int(r[1]) for r in rows]))}
    probe_ids, probe_subj = read_set("probe_mixed")
    g1, s1 = read_set("gallery_S1")
    g2, s2 = read_set("gallery_S2")
    gu, su = np.concatenate([g1, g2]), np.concatenate([s1, s2])
    out = {}
    for fusion in ["insightface", "average"]:
        tf = np.load(f"{base}/templates_{fusion}.npy").astype(np.float32)
        S = tf[[index[t] for t in probe_ids]] @ tf[[index[t] for t in gu]].T
        one = [insightface_1n(S, probe_subj, su, f) for f in [1e-2, 1e-1]]
        out[fusion] = {
            "tpir_at_fpir": {"1e-2": num(one[0][0]), "1e-1": num(one[1][0])},
            "probes_without_mate": one[0][1],
        }
    return out


def main():
    rng = np.random.default_rng(7)
    cases = [
        # Probe 0 (subject 1) mate 0.6; probe 1 (subject 2) mate 0.7; probes 2, 3 have no mate.
        case("doc_example", [[0.6, 0.1], [0.2, 0.7], [0.6, 0.3], [0.4, 0.2]], [1, 2, 9, 8], [1, 2], 1),
        # A mate tied with the threshold fails (strictly greater), ties counted with multiplicity.
        case("ties_at_threshold",
             [[0.5, 0.5, 0.5, 0.1], [0.2, 0.5, 0.5, 0.5], [0.5, 0.2, 0.9, 0.5], [0.3, 0.3, 0.3, 0.8]],
             [1, 2, 3, 4], [1, 2, 3, 4], 2),
        # The mate need not be rank-1 for insightface-1n.
        case("not_rank1", [[0.5, 0.6, 0.0], [0.1, 0.4, 0.2], [0.0, 0.1, 0.3]], [1, 2, 3], [1, 2, 3], 1),
        # One gallery template: no non-mate score at all.
        case("one_template", [[0.9], [0.4]], [1, 1], [1]),
        # No probe has a mate.
        case("no_mate", [[0.9, 0.1], [0.4, 0.2]], [5, 6], [1, 2], 1),
        # A subject with two gallery templates.
        case("two_templates", [[0.8, 0.3, 0.5], [0.2, 0.6, 0.7], [0.9, 0.1, 0.4]], [1, 2, 7], [1, 2, 2], 1),
    ]
    for n, (probes, gal, subjects) in enumerate([(40, 12, 14), (200, 30, 36), (57, 9, 11)]):
        gallery = rng.permutation(subjects)[:gal].astype(np.int32)
        probe = rng.integers(0, subjects, probes).astype(np.int32)
        scores = np.round(rng.normal(0, 0.3, (probes, gal)), 2)  # rounded: many ties
        for i in range(probes):
            cols = np.where(gallery == probe[i])[0]
            scores[i, cols] += 0.5
        cases.append(case(f"random_{n}", scores, probe, gallery, gal // 2))
    out = {"cases": cases, "synthetic": synthetic()}
    with open(OUT, "w") as fh:  # one case per line
        fh.write('{"cases": [\n')
        fh.write(",\n".join(json.dumps(c, separators=(",", ":")) for c in cases))
        fh.write('\n],\n"synthetic": ' + json.dumps(out["synthetic"]) + "}\n")
    print(f"wrote {OUT}: {len(cases)} cases")


if __name__ == "__main__":
    main()
