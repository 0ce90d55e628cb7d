import assert from "node:assert/strict";
import type { FusionResult } from "../metrics/mod.ts";
import { splitTable } from "./split_table.ts";

const run = (fusion: string, chunk: number | null, tar: number): FusionResult => ({
  fusion,
  chunk,
  verification: {
    pairs: 3,
    genuine: 1,
    impostor: 2,
    auc: 0.9,
    tar_at_far: { "1e-6": tar, "1e-5": tar, "1e-4": tar, "1e-3": tar, "1e-2": tar, "1e-1": 1 },
  },
});

Deno.test("splitTable() lists chunk sizes under the baseline with the change against whole", () => {
  const md = splitTable([
    run("average", null, 0.8),
    run("caface", 8, 0.8412),
    run("caface", 9999, 0.85),
    run("caface", 32, 0.849),
  ]);
  assert.equal(
    md,
    [
      "| Fusion  | Split N | TAR@FAR=1e-6 | TAR@FAR=1e-5 | TAR@FAR=1e-4 | TAR@FAR=1e-3 | TAR@FAR=1e-2 | TAR@FAR=1e-1 | Δ@1e-4 (pp) |",
      "|:--------|:--------|-------------:|-------------:|-------------:|-------------:|-------------:|-------------:|------------:|",
      "| Average | –       |        80.00 |        80.00 |        80.00 |        80.00 |        80.00 |       100.00 |           – |",
      "| CAFace  | 9999    |        85.00 |        85.00 |        85.00 |        85.00 |        85.00 |       100.00 |        0.00 |",
      "| CAFace  | 32      |        84.90 |        84.90 |        84.90 |        84.90 |        84.90 |       100.00 |       -0.10 |",
      "| CAFace  | 8       |        84.12 |        84.12 |        84.12 |        84.12 |        84.12 |       100.00 |       -0.88 |",
      "",
    ].join("\n"),
  );
});

Deno.test("splitTable() is empty without chunked results and writes CSV on request", () => {
  assert.equal(splitTable([run("average", null, 0.8)]), "");
  const identification = { probes: 2, rank: { "1": 0.5 }, tpir_at_fpir: {} };
  assert.equal(
    splitTable([{ fusion: "caface", chunk: 8, identification }]),
    "",
    "no verification: nothing to tabulate",
  );
  const csv = splitTable([run("caface", 9999, 0.5)], { format: "csv" });
  assert.equal(csv.split("\n")[1], "CAFace,9999,50.00,50.00,50.00,50.00,50.00,100.00,0.00");
});
