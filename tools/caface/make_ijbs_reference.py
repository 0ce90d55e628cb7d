#!/usr/bin/python3
"""CAFace references for the IJB-S fixture and for one template of more than 9,999 frames.

Run with Debian's torch from the repository root:  /usr/bin/python3 tools/caface/make_ijbs_reference.py
Writes fixtures/ijbs/caface/reference.json and reference.bin (float32 little-endian arrays
indexed by the JSON).

The model is the seeded random aggregator of fixtures/caface (weights.bin.gz, the one every
CAFace test converts), run by caface_torch.py's sequential inference (np.array_split chunks,
NaN rows dropped per chunk). The inputs are not committed: they are derived from committed
files by exact arithmetic, the same in tools/caface/ijbs_inputs.ts, so the test rebuilds them
bit for bit:

- IJB-S features, 512-D: the fixture's 32-D float16 rows tiled 16 times, block b multiplied
  by +0.5 (b even) or -0.5 (b odd), which is exact in float32; the norms land in the range
  the norm embedding resolves.
- IJB-S style, 64-D: mulberry32(STYLE_SEED) draws u in row-major order, style = 4u - 2 in
  float64 rounded to float32; style[STYLE_NAN] is NaN (a style-only NaN, dropped by CAFace
  as the feature NaN row of the fixture is).
- The long template: LONG_FRAMES rows; mulberry32(LONG_SEED) gives per row 512 feature draws
  then one norm draw then 64 style draws; feature = (2u - 1)(0.5 + 3v), style = 4u - 2, each
  in float64 rounded to float32. At chunk 9999 np.array_split cuts it in two halves.

The IJB-S templates are built from the protocol files as the public evaluation code reads
them (docs/ijbs.md), independently of the harness; the metrics use ijbs_dir_far.py, the
DIR_FAR mirror of the average-fusion reference. Every decision (mate score against every
other score, mate score against the open-set threshold) is checked to have a margin of at
least MARGIN, so a float32 engine within 1e-5 of this reference must give identical rates.
"""
import gzip
import json
import math
import os
import sys

import numpy as np
import torch

TOOLS = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(TOOLS, "..", "..")
sys.path.insert(0, TOOLS)
sys.path.insert(0, os.path.join(TOOLS, ".."))
import caface_torch  # noqa: E402
from caface_torch import Aggregator, fuse_template  # noqa: E402
from ijbs_dir_far import DIR_FAR, min_gap  # noqa: E402

DATA = os.path.join(ROOT, "fixtures", "ijbs")
OUT = os.path.join(DATA, "caface")
CHUNKS = [9999, 8]
STYLE_SEED = 16
STYLE_NAN = (4, 5)  # row 4 is 101/videos_1001_00003.jpg
LONG_SEED = 1016
LONG_FRAMES = 10000
LONG_CHUNKS = [9999, 8]
FPIRS = [0.01, 0.1]
MARGIN = 2e-4


def official_split(t, chunk):
    """The official rule at every chunk size, 9999 included: np.array_split into ceil(T/N)
    parts when T > N. (caface_torch.split_parts keeps 9999 whole, which no template of the
    other CAFace fixtures can tell apart; the long template here can.)"""
    if t <= chunk:
        return [np.arange(t)]
    return np.array_split(np.arange(t), math.ceil(t / chunk))


caface_torch.split_parts = official_split  # fuse_template looks it up at call time


def mulberry32(seed, count):
    """The first `count` outputs of mulberry32(seed) as float64 in [0, 1)."""
    mask = np.uint64(0xFFFFFFFF)
    a = (np.uint64(seed) + np.arange(1, count + 1, dtype=np.uint64) * np.uint64(0x6D2B79F5)) & mask

    def imul(x, y):
        return (x * y) & mask  # low 32 bits; x, y < 2^32 so the product fits in 64 bits

    t = a
    t = imul(t ^ (t >> np.uint64(15)), t | np.uint64(1))
    t = t ^ ((t + imul(t ^ (t >> np.uint64(7)), t | np.uint64(61))) & mask)
    return (t ^ (t >> np.uint64(14))).astype(np.float64) / 4294967296.0


def ijbs_inputs():
    x32 = np.load(os.path.join(DATA, "features.npy")).astype(np.float32)
    blocks = [x32 * np.float32(0.5 if b % 2 == 0 else -0.5) for b in range(16)]
    features = np.concatenate(blocks, axis=1)
    style = (mulberry32(STYLE_SEED, features.shape[0] * 64) * 4.0 - 2.0).astype(np.float32)
    style = style.reshape(-1, 64)
    style[STYLE_NAN] = np.nan
    return features, style


def long_inputs():
    u = mulberry32(LONG_SEED, LONG_FRAMES * 577).reshape(LONG_FRAMES, 577)
    features = ((2.0 * u[:, :512] - 1.0) * (0.5 + 3.0 * u[:, 512:513])).astype(np.float32)
    style = (4.0 * u[:, 513:] - 2.0).astype(np.float32)
    return features, style


def read_csv(name, columns):
    with open(os.path.join(DATA, "protocols", name)) as f:
        lines = f.read().splitlines()[1:]
    return [line.split(",")[:columns] for line in lines if line]


def ijbs_templates():
    """key -> rows (list order) and the three protocols' (probe keys, G1 keys, G2 keys)."""
    with open(os.path.join(DATA, "image_list.txt")) as f:
        paths = f.read().splitlines()
    media = {}
    for row, path in enumerate(paths):
        subject, name = path.split("/")[-2:]
        stem = name.rsplit(".", 1)[0]
        if stem.startswith("videos_"):
            key = f"{subject}|videos/{stem.split('_')[1]}.mp4"
        else:
            key = f"{subject}|img/{stem[len('img_'):]}.jpg"
        media.setdefault(key, []).append(row)
    templates = {}

    def template(key, media_keys):
        templates[key] = sorted(r for m in media_keys for r in media.get(m, []))
        return key

    videos = list(dict.fromkeys(f"{s}|{m}" for s, m in read_csv("cs6_metadata.csv", 2)
                                if m.startswith("videos")))

    def probes(name):
        listed = {row[0] for row in read_csv(name, 1)}
        return [template(f"v|{k}", [k]) for k in videos if k.split("|")[1] in listed]

    g = "galleries/cs6_surveillance_to_"
    single = [[template(f"s|{n}|{s}|{m}", [f"{s}|{m}"]) for _, s, m in read_csv(f"{g}single_g{n}.csv", 3)]
              for n in (1, 2)]
    booking = []
    for n in (1, 2):
        by_subject = {}
        for _, s, m in read_csv(f"{g}booking_g{n}.csv", 3):
            by_subject.setdefault(s, []).append(f"{s}|{m}")
        booking.append([template(f"b{n}|{s}", keys) for s, keys in by_subject.items()])
    surveillance = [[template(f"v|{k}", [k]) for k in
                     dict.fromkeys(f"{s}|{m}" for _, s, m in read_csv(f"{g}surveillance_g{n}.csv", 3))]
                    for n in (1, 2)]
    sb, ss = probes("cs6_surveillance_to_single-booking_probe.csv"), probes(
        "cs6_surveillance_to_surveillance_probe.csv")
    protocols = {
        "surveillance_to_single": (sb, *single),
        "surveillance_to_booking": (sb, *booking),
        "surveillance_to_surveillance": (ss, *surveillance),
    }
    return templates, protocols


def subject(key):
    """The subject of a template key: `v|S|video`, `s|G|S|image` or `bG|S`."""
    parts = key.split("|")
    return int(parts[2] if parts[0] == "s" else parts[1])


def open_set_margin(scores, labels, fpirs):
    """Smallest distance between a mated probe's mate score and an open-set threshold."""
    mated = labels.any(axis=1)
    _, _, _, _, _, thresholds = DIR_FAR(scores, labels, FARs=fpirs)
    gt = scores[mated][labels[mated]]
    return min(float(np.min(np.abs(gt - t))) for t in thresholds)


def metrics(fused, protocols):
    out = {}
    for name, (probe, g1, g2) in protocols.items():
        px = np.stack([fused[k] for k in probe])
        py = np.array([subject(k) for k in probe])
        f1, f2 = np.stack([fused[k] for k in g1]), np.stack([fused[k] for k in g2])
        l1, l2 = np.array([subject(k) for k in g1]), np.array([subject(k) for k in g2])
        s1, s2 = px @ f1.T, px @ f2.T
        both = np.hstack((s1, s2))
        lab = py[:, None] == np.concatenate((l1, l2))[None, :]
        closed, _, mated, _, _, _ = DIR_FAR(both, lab, ranks=[1, 5, 10])
        o1 = DIR_FAR(s1, py[:, None] == l1[None, :], FARs=FPIRS)
        o2 = DIR_FAR(s2, py[:, None] == l2[None, :], FARs=FPIRS)
        out[name] = {
            "probes": len(py),
            "mated_probes": mated,
            "rank": {str(k): closed[i] for i, k in enumerate((1, 5, 10))},
            "tpir_at_fpir": {key: (o1[0][i] + o2[0][i]) / 2 for i, key in enumerate(["1e-2", "1e-1"])},
            "min_gap": float(min_gap(both, lab)),
            "open_set_margin": min(open_set_margin(s1, py[:, None] == l1[None, :], FPIRS),
                                   open_set_margin(s2, py[:, None] == l2[None, :], FPIRS)),
        }
        assert out[name]["min_gap"] > MARGIN, (name, out[name]["min_gap"])
        assert out[name]["open_set_margin"] > MARGIN, (name, out[name]["open_set_margin"])
    return out


def load_aggregator():
    index = json.load(open(os.path.join(ROOT, "fixtures", "caface", "weights.json")))
    with gzip.open(os.path.join(ROOT, "fixtures", "caface", "weights.bin.gz")) as f:
        flat = np.frombuffer(f.read(), dtype="<f4")
    agg = Aggregator()
    state = {}
    for key, entry in index.items():
        size = int(np.prod(entry["shape"])) if entry["shape"] else 1
        t = torch.tensor(flat[entry["offset"]:entry["offset"] + size].copy()).reshape(entry["shape"])
        name = key[len("aggregator."):]
        state[name] = t.long() if name.endswith("num_batches_tracked") else t
    state["norm_emb.pe"] = agg.state_dict()["norm_emb.pe"]
    agg.load_state_dict(state)
    return agg.eval()


def norm_boundary_distance(features):
    """Smallest distance of 10u (the norm embedding's truncated index) to a whole number."""
    n = np.linalg.norm(features.astype(np.float64), axis=1)
    u = np.clip((n - 22.0) / np.sqrt(40.0 + 1e-5), -3.0, 3.0) * 10.0
    inside = np.abs(u) < 30.0
    return float(np.min(np.abs(u[inside] - np.round(u[inside]))))


def main():
    torch.set_num_threads(1)  # tiny chunks: more threads only wait on each other
    agg = load_aggregator()
    arrays, info = {}, {"generator": "tools/caface/make_ijbs_reference.py", "torch": torch.__version__}
    # 1. IJB-S: every template at each chunk size, then the metrics of each protocol.
    features, style = ijbs_inputs()
    finite = ~np.isnan(features).any(axis=1)
    info["norm_boundary_distance"] = norm_boundary_distance(features[finite])
    templates, protocols = ijbs_templates()
    keys = sorted(templates, key=lambda k: (templates[k][:1] or [-1], len(templates[k])))
    info["templates"] = [{"first_row": templates[k][0] if templates[k] else None,
                          "rows": len(templates[k]), "key": k} for k in keys]
    info["protocols"] = {}
    for chunk in CHUNKS:
        fused = {}
        for k in keys:
            rows = templates[k]
            if not rows:
                fused[k] = np.zeros(512, dtype=np.float32)
                continue
            fused[k] = fuse_template(agg, torch.tensor(features[rows]), torch.tensor(style[rows]),
                                     chunk).numpy().astype(np.float32)
        arrays[f"ijbs_{chunk}"] = np.stack([fused[k] for k in keys])
        info["protocols"][str(chunk)] = metrics(fused, protocols)
    # 2. The long template, in float64 (the engine is float32).
    long_features, long_style = long_inputs()
    info["long"] = {"frames": LONG_FRAMES, "chunks": LONG_CHUNKS,
                    "parts": {str(c): [len(p) for p in official_split(LONG_FRAMES, c)]
                              for c in LONG_CHUNKS},
                    "norm_boundary_distance": norm_boundary_distance(long_features)}
    agg64 = agg.double()
    for chunk in LONG_CHUNKS:
        arrays[f"long_{chunk}"] = fuse_template(
            agg64, torch.tensor(long_features, dtype=torch.float64),
            torch.tensor(long_style, dtype=torch.float64), chunk).numpy()[None]
    # 3. Files.
    os.makedirs(OUT, exist_ok=True)
    index, blobs, offset = {}, [], 0
    for key, a in arrays.items():
        flat = np.ascontiguousarray(a, dtype="<f4").ravel()
        index[key] = {"offset": offset, "shape": list(a.shape)}
        blobs.append(flat.tobytes())
        offset += flat.size
    info["arrays"] = index
    with open(os.path.join(OUT, "reference.bin"), "wb") as f:
        f.write(b"".join(blobs))
    with open(os.path.join(OUT, "reference.json"), "w") as f:
        json.dump(info, f, indent=1)
    print(json.dumps({c: {n: {k: p[k] for k in ("rank", "tpir_at_fpir", "min_gap", "open_set_margin")}
                          for n, p in info["protocols"][c].items()} for c in info["protocols"]},
                     indent=1))
    print("norm boundary", info["norm_boundary_distance"], info["long"]["norm_boundary_distance"])


if __name__ == "__main__":
    main()
