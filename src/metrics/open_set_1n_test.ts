import assert from "node:assert/strict";
import { matrix } from "../features/mod.ts";
import { OpenSet1n, tpirAtFpir1n } from "./open_set_1n.ts";
import { tpirAtFpir } from "./tpir_at_fpir.ts";

interface Case {
  name: string;
  rows: number;
  cols: number;
  scores: number[];
  probe: number[];
  gallery: number[];
  fpirs: number[];
  insightface_1n: (number | "NaN")[];
  without_mate: number;
  split?: number;
  ijb_evals?: (number | "NaN")[];
}

// Made once by tools/make_open_set_reference.py (numpy, mirrors ijb_1n.py).
const reference = JSON.parse(
  await Deno.readTextFile(
    new URL("../../fixtures/identification/open_set_reference.json", import.meta.url),
  ),
) as { cases: Case[] };
const num = (x: number | "NaN") => x === "NaN" ? NaN : x;

function columns(c: Case, from: number, to: number) {
  const width = to - from;
  const data = new Float32Array(c.rows * width);
  for (let r = 0; r < c.rows; r++) {
    data.set(c.scores.slice(r * c.cols + from, r * c.cols + to), r * width);
  }
  return {
    scores: matrix(c.rows, width, data),
    subjects: {
      probe: Int32Array.from(c.probe),
      gallery: Int32Array.from(c.gallery.slice(from, to)),
    },
  };
}

Deno.test("tpirAtFpir1n() matches the numpy mirror of insightface ijb_1n.py", async (t) => {
  for (const c of reference.cases) {
    await t.step(c.name, () => {
      const { scores, subjects } = columns(c, 0, c.cols);
      assert.deepEqual(
        tpirAtFpir1n(scores, subjects, { fpirs: c.fpirs }),
        c.insightface_1n.map(num),
      );
      assert.deepEqual(
        tpirAtFpir(scores, subjects, { fpirs: c.fpirs, rule: "insightface-1n" }),
        c.insightface_1n.map(num),
      );
    });
  }
});

Deno.test("OpenSet1n gives the same values when the probes come in blocks", async (t) => {
  for (const c of reference.cases) {
    await t.step(c.name, () => {
      const open = new OpenSet1n({ probes: c.rows, maxFpir: 1 });
      for (let r0 = 0; r0 < c.rows; r0 += 7) {
        const r1 = Math.min(c.rows, r0 + 7);
        open.add(
          matrix(r1 - r0, c.cols, Float32Array.from(c.scores.slice(r0 * c.cols, r1 * c.cols))),
          {
            probe: Int32Array.from(c.probe.slice(r0, r1)),
            gallery: Int32Array.from(c.gallery),
          },
        );
      }
      assert.deepEqual(open.tpir(c.fpirs), c.insightface_1n.map(num));
      assert.equal(open.withoutMate, c.without_mate);
      assert.equal(open.mated, c.rows - c.without_mate);
    });
  }
});

Deno.test("tpirAtFpir() with ijb-evals matches the numpy per-gallery reference", async (t) => {
  for (const c of reference.cases.filter((c) => c.split !== undefined)) {
    await t.step(c.name, () => {
      const sums = c.fpirs.map(() => 0);
      for (const [from, to] of [[0, c.split!], [c.split!, c.cols]] as const) {
        const { scores, subjects } = columns(c, from, to);
        tpirAtFpir(scores, subjects, { fpirs: c.fpirs, rule: "ijb-evals" })
          .forEach((v, i) => sums[i]! += v);
      }
      assert.deepEqual(sums.map((s) => s / 2), c.ijb_evals!.map(num));
    });
  }
});

Deno.test("OpenSet1n refuses an FPIR above the one it kept scores for", () => {
  const open = new OpenSet1n({ probes: 5000, maxFpir: 0.01 });
  const scores = new Float32Array(5000 * 2);
  for (let i = 0; i < 5000; i++) scores.set([1, 1 - i / 5000], 2 * i);
  open.add(matrix(5000, 2, scores), {
    probe: new Int32Array(5000).fill(1),
    gallery: Int32Array.from([1, 2]),
  });
  assert.deepEqual(open.tpir([0.01]), [1]);
  assert.throws(() => open.tpir([0.5]), RangeError, "(raise maxFpir)");
});

Deno.test("OpenSet1n rejects NaN scores and mismatched subjects", () => {
  const open = new OpenSet1n({ probes: 1 });
  assert.throws(
    () =>
      open.add(matrix(1, 2, Float32Array.of(NaN, 0)), {
        probe: Int32Array.of(1),
        gallery: Int32Array.of(1, 2),
      }),
    RangeError,
  );
  assert.throws(
    () => open.add(matrix(1, 2), { probe: Int32Array.of(1, 2), gallery: Int32Array.of(1, 2) }),
    TypeError,
  );
});
