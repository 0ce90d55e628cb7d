#!/usr/bin/python3
"""Writes truncated images for src/images/decode_test.ts and what cv2.imread makes of them.

Run once with Debian's Python (python3-opencv):

    /usr/bin/python3 tools/make_truncated_images.py

It cuts a real 150x150 face photo (fixtures/johns) inside its entropy-coded scan, at 40 % and
75 % of its bytes, and a PNG the same way, then records for each file cv2.imread(path,
IMREAD_COLOR)'s result in RGB order (size, per-channel sums, SHA-256 of the RGB bytes), or
null where OpenCV cannot decode it, in fixtures/images/truncated_expected.json.
"""

import hashlib
import json
import os

import cv2
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fixtures", "images")
SOURCE = os.path.join(ROOT, "fixtures", "johns", "loose_crop")


def main():
    name = sorted(n for n in os.listdir(SOURCE) if n.endswith(".jpg"))[0]
    with open(os.path.join(SOURCE, name), "rb") as f:
        jpg = f.read()
    files = {}
    for percent in (40, 75):
        files[f"truncated_face_{percent}.jpg"] = jpg[: len(jpg) * percent // 100]
    ok, png = cv2.imencode(".png", cv2.imread(os.path.join(SOURCE, name)))
    assert ok
    png = png.tobytes()
    files["truncated_face.png"] = png[: len(png) * 60 // 100]
    expected = {}
    for out_name, data in files.items():
        path = os.path.join(OUT, out_name)
        with open(path, "wb") as f:
            f.write(data)
        img = cv2.imread(path, cv2.IMREAD_COLOR)
        if img is None:
            expected[out_name] = None
            continue
        rgb = np.ascontiguousarray(img[:, :, ::-1])
        expected[out_name] = {
            "width": int(rgb.shape[1]),
            "height": int(rgb.shape[0]),
            "sum_rgb": [int(rgb[:, :, k].sum()) for k in range(3)],
            "sha256_rgb": hashlib.sha256(rgb.tobytes()).hexdigest(),
        }
    with open(os.path.join(OUT, "truncated_expected.json"), "w") as f:
        json.dump({"generator": "tools/make_truncated_images.py", "source": f"johns/loose_crop/{name}",
                   "opencv": cv2.__version__, "files": expected}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
