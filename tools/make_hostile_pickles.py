#!/usr/bin/python3
"""Writes fixtures/checkpoint/hostile/*.ckpt: checkpoints in torch's zip layout whose
pickles would run code under a plain pickle.load / torch.load(weights_only=False). Each
one also holds a normal state dict, so a reader that skipped the bad global would
"succeed". Run once:

    /usr/bin/python3 tools/make_hostile_pickles.py

The payloads only create a marker file named in MARKER; nothing in this repository ever
unpickles them with Python. `torch.load(..., weights_only=True)` refuses every one; the
script checks that and records torch's message in expected.json.
"""
import collections
import io
import json
import os
import pickle
import zipfile

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(os.path.dirname(HERE), "fixtures", "checkpoint", "hostile")
MARKER = "/tmp/caface-harness-hostile-pickle-ran"


class OsSystem:
    def __reduce__(self):
        return (os.system, (f"touch {MARKER}",))


class BuiltinsEval:
    def __reduce__(self):
        return (eval, (f"open('{MARKER}', 'w')",))


class Custom:
    """A class from the training script: harmless here, but not on torch's list."""

    def __init__(self):
        self.decoder_name = "catv9_g4_conf512_small"


def nested_reduce_bytes():
    """getattr(__import__('os'), 'system')('touch MARKER'), as raw protocol-2 opcodes: a
    REDUCE whose callable is itself the result of two REDUCEs (no Python class can pickle
    to this, so it is written by hand)."""
    def text(s):
        b = s.encode()
        return b"X" + len(b).to_bytes(4, "little") + b

    return (
        b"cbuiltins\ngetattr\n"
        + b"cbuiltins\n__import__\n" + text("os") + b"\x85R"
        + text("system") + b"\x86R"
        + text(f"touch {MARKER}") + b"\x85R"
    )


def state_dict():
    return collections.OrderedDict(w=torch.arange(4, dtype=torch.float32))


def splice(path, placeholder, raw):
    """Replaces the pickled string `placeholder` in the checkpoint's data.pkl by `raw`."""
    with zipfile.ZipFile(path) as zin:
        items = [(i.filename, zin.read(i.filename)) for i in zin.infolist()]
    needle = b"X" + len(placeholder).to_bytes(4, "little") + placeholder.encode()
    with zipfile.ZipFile(path, "w") as zout:
        for name, data in items:
            if name.endswith("/data.pkl"):
                assert data.count(needle) == 1
                data = data.replace(needle, raw)
            zout.writestr(name, data)


def main():
    os.makedirs(OUT, exist_ok=True)
    cases = {
        "os_system": (OsSystem(), "hyper_parameters", "posix.system"),
        "builtins_eval": (BuiltinsEval(), "hyper_parameters", "builtins.eval"),
        "custom_class": (Custom(), "hyper_parameters", "__main__.Custom"),
        "nested_reduce": ("PLACEHOLDER", "hyper_parameters", "builtins.getattr"),
    }
    expected = {}
    for name, (payload, key, first_global) in cases.items():
        buf = io.BytesIO()
        torch.save({"state_dict": state_dict(), key: payload}, buf)
        with open(f"{OUT}/{name}.ckpt", "wb") as fh:
            fh.write(buf.getvalue())
        if payload == "PLACEHOLDER":
            splice(f"{OUT}/{name}.ckpt", payload, nested_reduce_bytes())
        try:
            torch.load(f"{OUT}/{name}.ckpt", weights_only=True)
            raise SystemExit(f"torch.load(weights_only=True) accepted {name}")
        except pickle.UnpicklingError as e:
            expected[name] = {"first_global": first_global, "torch": str(e).splitlines()[0]}
    if os.path.exists(MARKER):
        raise SystemExit(f"{MARKER} exists: a payload ran while writing the fixtures")
    with open(f"{OUT}/expected.json", "w") as fh:
        json.dump(expected, fh, indent=1)
        fh.write("\n")
    print(f"wrote {len(cases)} hostile checkpoints to {OUT}")


if __name__ == "__main__":
    main()
