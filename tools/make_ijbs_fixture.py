"""Writes the synthetic IJB-S fixture (fixtures/ijbs/) and its reference metrics.

Run once from the repository root: python3 tools/make_ijbs_fixture.py
(and python3 tools/make_ijbs_fixture.py fixtures/ijbs_unseen 2027 48)

Features level: no images, an image_list.txt, the cs6 protocol CSVs, features.npy (float16)
and reference.json. The reference is computed here with numpy only, mirroring the public
IJB-S evaluation code (PFE/AdaFace `DIR_FAR` and `find_thresholds_by_FAR`): average fusion
(mean of the raw rows, NaN rows dropped, x / (|x| + 1e-8), an empty template a zero
vector), cosine scores, closed set on [G1 | G2], open set per gallery averaged.

The data covers: ties at the open-set threshold (a non-mated probe whose frames copy a mated
probe's, at k = 0 and at k > 0), k = 0 (FPIR 1e-2 with fewer than 100 non-mated probes),
probes without a mate, videos with several subjects, empty templates (a probe video whose
frames are all missing, a single-image gallery whose image is missing), a subject whose rows
are not contiguous in the list, NaN rows, and booking images that are also single-image
gallery templates.
"""
import json
import os
import sys

import numpy as np

from ijbs_dir_far import DIR_FAR, min_gap

# `make_ijbs_fixture.py` writes fixtures/ijbs (seed 9); `make_ijbs_fixture.py DIR SEED D` a
# layout of the same design that the harness was not developed against (fixtures/ijbs_unseen:
# seed 2027, D = 48), for the unseen-layout test.
OUT = sys.argv[1] if len(sys.argv) > 1 else "fixtures/ijbs"
D = int(sys.argv[3]) if len(sys.argv) > 3 else 32
FPIRS = [0.01, 0.1]
rng = np.random.default_rng(int(sys.argv[2]) if len(sys.argv) > 2 else 9)

# Subjects 101..112 in gallery 1, 113..124 in gallery 2, 125..128 in no gallery.
g1_subjects = list(range(101, 113))
g2_subjects = list(range(113, 125))
mateless = list(range(125, 129))
subjects = g1_subjects + g2_subjects + mateless
centre = {s: rng.normal(size=D) for s in subjects}
for s in (129, 130):  # the two tie copies, added below
    centre[s] = np.zeros(D)

# Videos 1001..1016: 1001-1012 are single/booking probes, 1005-1012 also surveillance
# probes, 1013-1016 hold the surveillance galleries. Several subjects per video.
counts_pool = [1, 2, 3, 4, 6, 9, 14, 20, 31, 47, 70, 110, 170, 260, 400, 700, 1200, 2000]
video_subjects = {}
for v in range(1001, 1017):
    k = 1 + rng.integers(0, 4) if v != 1003 else 4
    video_subjects[v] = [int(s) for s in rng.choice(subjects, size=k, replace=False)]
video_subjects[1001] = [101, 113, 125]  # one with a mate in G1, one in G2, one without
frames = {}
for v, ss in video_subjects.items():
    for s in ss:
        frames[(s, v)] = int(rng.choice(counts_pool, p=None))
frames[(101, 1001)] = 2000
frames[(113, 1001)] = 1
empty_probe = (125, 1001)  # listed in the metadata, no frame in the image list

offset = {key: rng.normal(scale=1.1, size=D) for key in frames}
rows_feature = []  # float32 rows, in list order
rows_path = []


def frame_feature(key):
    s, _v = key
    x = centre[s] + offset[key] + rng.normal(scale=1.0, size=D)
    return (x * rng.uniform(0.5, 2.0)).astype(np.float32)


# Frames are listed video by video, frame number by frame number, subjects interleaved:
# a subject's rows in one video are not contiguous.
video_rows = {}
for v in sorted(video_subjects):
    longest = max(frames[(s, v)] for s in video_subjects[v])
    for f in range(longest):
        for s in video_subjects[v]:
            if (s, v) == empty_probe or f >= frames[(s, v)]:
                continue
            rows_path.append(f"{s}/videos_{v}_{f:05d}.jpg")
            rows_feature.append(frame_feature((s, v)))
            video_rows.setdefault((s, v), []).append(len(rows_path) - 1)
nan_row = video_rows[(101, 1001)][7]
rows_feature[nan_row] = np.full(D, np.nan, dtype=np.float32)

# Still images: three booking images per gallery subject; the first is the single image.
# Subject 105's single image is missing from the list (an empty single template), and
# subject 110's second booking image too. Images go in two blocks, so a subject's image
# rows are split.
image_rows = {}
images = {s: [s * 10 + i for i in range(3)] for s in g1_subjects + g2_subjects}
missing_images = {(105, 1050), (110, 1101)}
for block in (0, 1):
    for s in g1_subjects + g2_subjects:
        for i in images[s]:
            if (i % 10 == 2) != (block == 1) or (s, i) in missing_images:
                continue
            rows_path.append(f"{s}/img_{i}.jpg")
            x = centre[s] + rng.normal(scale=1.2, size=D)
            rows_feature.append((x * rng.uniform(0.5, 2.0)).astype(np.float32))
            image_rows[(s, i)] = len(rows_path) - 1


def csv(path, header, lines):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(header + "\n")
        for line in lines:
            f.write(line + "\n")


single_booking_videos = [f"videos/{v}.mp4" for v in range(1001, 1013)]
surveillance_videos = [f"videos/{v}.mp4" for v in range(1005, 1013)]
# Surveillance galleries: one (subject, video) per subject, from videos 1013-1016.
surv_gallery = {1: [], 2: []}
seen = set()
for v in range(1013, 1017):
    for s in video_subjects[v]:
        if s in seen or s in mateless:
            continue
        seen.add(s)
        surv_gallery[1 if s in g1_subjects else 2].append((s, f"videos/{v}.mp4"))


def fuse(rows):
    x = np.array([rows_feature[r] for r in rows], dtype=np.float32).reshape(-1, D)
    x = x[~np.isnan(x).any(axis=1)]
    if len(x) == 0:
        return np.zeros(D, dtype=np.float32)
    m = x.astype(np.float64).mean(axis=0)
    return (m / (np.linalg.norm(m) + 1e-8)).astype(np.float32)


def probe_templates(video_list):
    keys = [k for k in sorted(frames) if f"videos/{k[1]}.mp4" in video_list]
    return keys


def build_protocols(templates):
    """templates: key -> rows. Returns per protocol (probe keys, g1 keys, g2 keys)."""
    single = {g: [(s, f"img/{images[s][0]}.jpg") for s in (g1_subjects if g == 1 else g2_subjects)]
              for g in (1, 2)}
    booking = {g: [(s, f"img/{i}.jpg") for s in (g1_subjects if g == 1 else g2_subjects)
                   for i in images[s]] for g in (1, 2)}
    return single, booking


def media_rows(s, media):
    kind, name = media.split("/")
    stem = name.rsplit(".", 1)[0]
    if kind == "videos":
        return video_rows.get((s, int(stem)), [])
    key = (s, int(stem))
    return [image_rows[key]] if key in image_rows else []


single, booking = build_protocols(None)
sb_probe_keys = probe_templates(single_booking_videos)
ss_probe_keys = probe_templates(surveillance_videos)


def evaluate(sb_keys, ss_keys):
    def probe_feats(keys):
        return (np.array([fuse(video_rows.get(k, [])) for k in keys]),
                np.array([k[0] for k in keys]))

    result = {}
    sb_x, sb_y = probe_feats(sb_keys)
    ss_x, ss_y = probe_feats(ss_keys)
    galleries = {
        "surveillance_to_single": [
            ([fuse(media_rows(s, m)) for s, m in single[g]], [s for s, _ in single[g]])
            for g in (1, 2)],
        "surveillance_to_booking": [],
        "surveillance_to_surveillance": [
            ([fuse(media_rows(s, m)) for s, m in surv_gallery[g]], [s for s, _ in surv_gallery[g]])
            for g in (1, 2)],
    }
    for g in (1, 2):
        subj = list(dict.fromkeys(s for s, _ in booking[g]))
        feats = [fuse([r for s2, m in booking[g] if s2 == s for r in media_rows(s2, m)])
                 for s in subj]
        galleries["surveillance_to_booking"].append((feats, subj))
    for name, (px, py, keys) in {
        "surveillance_to_single": (sb_x, sb_y, sb_keys),
        "surveillance_to_booking": (sb_x, sb_y, sb_keys),
        "surveillance_to_surveillance": (ss_x, ss_y, ss_keys),
    }.items():
        (f1, l1), (f2, l2) = galleries[name]
        f1, f2 = np.array(f1, dtype=np.float32), np.array(f2, dtype=np.float32)
        l1, l2 = np.array(l1), np.array(l2)
        s1, s2 = px @ f1.T, px @ f2.T
        both = np.hstack((s1, s2))
        lab = py[:, None] == np.concatenate((l1, l2))[None, :]
        closed, closed_hits, mated, _, _, _ = DIR_FAR(both, lab, ranks=list(range(1, 21)))
        o1 = DIR_FAR(s1, py[:, None] == l1[None, :], FARs=FPIRS)
        o2 = DIR_FAR(s2, py[:, None] == l2[None, :], FARs=FPIRS)
        empty = sum(1 for x in list(px) + list(f1) + list(f2) if not np.any(x))
        # Probes are counted once even when a template is in several sets.
        result[name] = {
            "probes": len(py),
            "mated_probes": mated,
            "rank": {str(k): closed[k - 1] for k in (1, 5, 10)},
            "cmc": closed,
            "tpir_at_fpir": {key: (o1[0][i] + o2[0][i]) / 2 for i, key in enumerate(["1e-2", "1e-1"])},
            "open_set": [{"gallery": g, "mated": o[2], "non_mated": o[4], "k": o[3],
                          "thresholds": o[5], "hits": o[1]} for g, o in ((1, o1), (2, o2))],
            "empty_templates": int(empty),
            "min_gap": float(min_gap(both, lab)),
        }
        result[name]["_scores_g1"] = s1
        result[name]["_labels_g1"] = py[:, None] == l1[None, :]
    return result


# 1. Base data, then two non-mated tie copies for surveillance_to_single G1.
base = evaluate(sb_probe_keys, ss_probe_keys)
s1 = base["surveillance_to_single"]["_scores_g1"]
lab = base["surveillance_to_single"]["_labels_g1"]
mated = lab.any(axis=1)
nonmated_max = sorted(s1[~mated].max(axis=1), reverse=True)
rank_one = [i for i in np.flatnonzero(mated) if s1[i][lab[i]][0] == s1[i].max()]
mate_score = {i: s1[i][lab[i]][0] for i in rank_one}
n_after = len(nonmated_max) + 2
k = int(n_after * 0.1)
a = max(rank_one, key=lambda i: mate_score[i])
assert mate_score[a] > nonmated_max[0] and mate_score[a] > 0.08
above_b = [i for i in rank_one if i != a and
           sum(1 for v in nonmated_max + [mate_score[a]] if v > mate_score[i]) == k - 1]
assert k >= 2 and above_b, (k, len(nonmated_max))
b = above_b[0]
for copy_subject, src in ((129, sb_probe_keys[a]), (130, sb_probe_keys[b])):
    v = 1003
    video_subjects[v].append(copy_subject)
    frames[(copy_subject, v)] = len(video_rows[src])
    video_rows[(copy_subject, v)] = []
    for f, r in enumerate(video_rows[src]):
        rows_path.append(f"{copy_subject}/videos_{v}_{f:05d}.jpg")
        rows_feature.append(rows_feature[r].copy())
        video_rows[(copy_subject, v)].append(len(rows_path) - 1)
sb_probe_keys = probe_templates(single_booking_videos)
ss_probe_keys = probe_templates(surveillance_videos)
ref = evaluate(sb_probe_keys, ss_probe_keys)
o = ref["surveillance_to_single"]["open_set"][0]
assert o["k"] == [0, k], o
for name, r in ref.items():
    assert r["min_gap"] > 1e-4, (name, r["min_gap"])
    del r["_scores_g1"], r["_labels_g1"]

# 2. Files.
os.makedirs(OUT, exist_ok=True)
with open(f"{OUT}/image_list.txt", "w") as f:
    f.write("".join(p + "\n" for p in rows_path))
np.save(f"{OUT}/features.npy", np.array(rows_feature, dtype=np.float32).astype(np.float16))
# Features are stored as float16; the reference must use the values the harness reads.
stored = np.load(f"{OUT}/features.npy").astype(np.float32)
rows_feature = list(stored)
ref = evaluate(sb_probe_keys, ss_probe_keys)
for name, r in ref.items():
    assert r["min_gap"] > 1e-4, (name, r["min_gap"])
    del r["_scores_g1"], r["_labels_g1"]
assert ref["surveillance_to_single"]["open_set"][0]["k"] == [0, k]

meta = ["%d,videos/%d.mp4,%d" % (s, v, f) for (s, v) in sorted(frames)
        for f in range(max(1, min(frames[(s, v)], 3)))]
meta += ["%d,img/%d.jpg,0" % (s, i) for s in images for i in images[s]]
meta += ["%d,videos/%d.mp4,0" % empty_probe]
csv(f"{OUT}/protocols/cs6_metadata.csv", "SUBJECT_ID,FILENAME,FRAME_NUM", meta)
csv(f"{OUT}/protocols/cs6_surveillance_to_single-booking_probe.csv", "FILENAME",
    single_booking_videos)
csv(f"{OUT}/protocols/cs6_surveillance_to_surveillance_probe.csv", "FILENAME",
    surveillance_videos)
for g in (1, 2):
    gal = f"{OUT}/protocols/galleries"
    csv(f"{gal}/cs6_surveillance_to_single_g{g}.csv", "TEMPLATE_ID,SUBJECT_ID,FILENAME",
        [f"{i},{s},{m}" for i, (s, m) in enumerate(single[g])])
    csv(f"{gal}/cs6_surveillance_to_booking_g{g}.csv", "TEMPLATE_ID,SUBJECT_ID,FILENAME",
        [f"{i},{s},{m}" for i, (s, m) in enumerate(booking[g])])
    csv(f"{gal}/cs6_surveillance_to_surveillance_g{g}.csv", "TEMPLATE_ID,SUBJECT_ID,FILENAME",
        [f"{i},{s},{m}" for i, (s, m) in enumerate(surv_gallery[g])])

lengths = {f"{s}/videos/{v}.mp4": len(video_rows.get((s, v), [])) for (s, v) in frames}
with open(f"{OUT}/reference.json", "w") as f:
    json.dump({
        "generator": "tools/make_ijbs_fixture.py",
        "numpy": np.__version__,
        "rows": len(rows_path),
        "dim": D,
        "nan_rows": 1,
        "probe_frames": lengths,
        "protocols": ref,
    }, f, indent=1)
print(json.dumps({n: {"rank": r["rank"], "tpir": r["tpir_at_fpir"], "mated": r["mated_probes"],
                      "empty": r["empty_templates"], "open": r["open_set"]}
                  for n, r in ref.items()}, indent=1))
print("rows", len(rows_path))
