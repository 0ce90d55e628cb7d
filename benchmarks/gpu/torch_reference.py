"""PyTorch reference timing of the same IR-101 (random weights), for the GPU benchmark table.

Usage: python3 torch_reference.py OUT.json [--seconds S]
Writes {"device": ..., "rows": [{"dtype", "batch", "imagesPerSecond"}]}. Needs torch + CUDA.
The network is the TFace/AdaFace IR-101 the harness converts: pre-activation basic blocks
(BN, conv3x3, BN, PReLU, conv3x3 stride, BN), stages [3, 13, 30, 3], 64..512 channels.
"""
import json
import sys
import time

import torch
from torch import nn


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.res = nn.Sequential(
            nn.BatchNorm2d(cin), nn.Conv2d(cin, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout),
            nn.PReLU(cout), nn.Conv2d(cout, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout))
        self.short = (nn.MaxPool2d(1, stride) if cin == cout else
                      nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout)))

    def forward(self, x):
        return self.res(x) + self.short(x)


def ir101():
    layers = [nn.Conv2d(3, 64, 3, 1, 1, bias=False), nn.BatchNorm2d(64), nn.PReLU(64)]
    cin = 64
    for stage, count in enumerate([3, 13, 30, 3]):
        cout = 64 * 2 ** stage
        for i in range(count):
            layers.append(Block(cin, cout, 2 if i == 0 else 1))
            cin = cout
    head = [nn.BatchNorm2d(512), nn.Flatten(), nn.Linear(512 * 7 * 7, 512), nn.BatchNorm1d(512, affine=False)]
    return nn.Sequential(*layers, *head)


def main():
    out = sys.argv[1]
    seconds = float(sys.argv[sys.argv.index("--seconds") + 1]) if "--seconds" in sys.argv else 1.0
    torch.backends.cudnn.benchmark = True
    device = torch.device("cuda")
    rows = []
    for dtype in ("float32", "float16"):
        net = ir101().eval().to(device, memory_format=torch.channels_last)
        if dtype == "float16":
            net = net.half()
        for batch in (1, 32, 128, 256):
            x = torch.randn(batch, 3, 112, 112, device=device,
                            dtype=torch.float16 if dtype == "float16" else torch.float32)
            x = x.contiguous(memory_format=torch.channels_last)
            with torch.inference_mode():
                for _ in range(3):
                    net(x)
                torch.cuda.synchronize()
                times = []
                start = time.perf_counter()
                while len(times) < 5 or time.perf_counter() - start < seconds:
                    a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
                    a.record()
                    net(x)
                    b.record()
                    torch.cuda.synchronize()
                    times.append(a.elapsed_time(b))
            times.sort()
            rows.append({"dtype": dtype, "batch": batch,
                         "imagesPerSecond": batch / times[len(times) // 2] * 1000})
            print(dtype, batch, round(rows[-1]["imagesPerSecond"]), file=sys.stderr)
    with open(out, "w") as f:
        json.dump({"device": torch.cuda.get_device_name(0), "rows": rows}, f, indent=2)


if __name__ == "__main__":
    main()
