import { mulberry32 as random } from "../core/mod.ts";
import assert from "node:assert/strict";
import { matrix } from "../features/mod.ts";
import { OpenSet1n } from "../metrics/mod.ts";
import { OpenSet1nBootstrap } from "./open_set_1n_bootstrap.ts";
import { OpenSet1nScores } from "./open_set_1n_scores.ts";

// Made once by tools/make_open_set_1n_bootstrap_reference.py (numpy, np.repeat + ijb_1n.py).
const reference = JSON.parse(
  await Deno.readTextFile(
    new URL("../../fixtures/uncertainty/open_set_1n_bootstrap_reference.json", import.meta.url),
  ),
) as {
  subjects: number;
  fpirs: number[];
  probe_subjects: number[];
  gallery_subjects: number[];
  probe_scores: number[];
  counts: number[][];
  tpir: (number | null)[][];
};

/** Probes of `subjects` subjects (1-3 each) against a gallery of the first `mated` ones. */
function synthetic(seed: number, subjects: number, mated: number) {
  const next = random(seed);
  const probe: number[] = [];
  for (let s = 0; s < subjects; s++) {
    for (let r = 0; r <= Math.floor(next() * 3); r++) probe.push(s);
  }
  const gallery = Int32Array.from({ length: mated }, (_, s) => s);
  const data = new Float32Array(probe.length * mated);
  probe.forEach((s, i) => {
    for (let c = 0; c < mated; c++) {
      data[i * mated + c] = Math.round(100 * (next() * 0.5 + (c === s ? next() * 0.6 : 0))) / 100;
    }
  });
  return {
    scores: matrix(probe.length, mated, data),
    subjects: { probe: Int32Array.from(probe), gallery },
  };
}

/** OpenSet1n on the probes repeated `counts[subject]` times. */
function replicated(
  scores: { rows: number; dim: number; data: Float32Array },
  probe: Int32Array,
  gallery: Int32Array,
  counts: ArrayLike<number>,
  fpirs: number[],
): number[] {
  const rows: number[] = [];
  for (let i = 0; i < probe.length; i++) for (let r = 0; r < counts[probe[i]!]!; r++) rows.push(i);
  const data = new Float32Array(rows.length * scores.dim);
  rows.forEach((i, k) =>
    data.set(scores.data.subarray(i * scores.dim, (i + 1) * scores.dim), k * scores.dim)
  );
  const open = new OpenSet1n({ probes: rows.length, maxFpir: 1 });
  open.add(matrix(rows.length, scores.dim, data), {
    probe: Int32Array.from(rows, (i) => probe[i]!),
    gallery,
  });
  return open.tpir(fpirs);
}

Deno.test("OpenSet1nBootstrap reproduces numpy's replicated-probe insightface 1:N rule", () => {
  const probe = Int32Array.from(reference.probe_subjects);
  const gallery = Int32Array.from(reference.gallery_subjects);
  const scores = matrix(probe.length, gallery.length, Float32Array.from(reference.probe_scores));
  const kept = new OpenSet1nScores({ probes: probe.length, maxFpir: 1 });
  kept.add(scores, { probe, gallery });
  const sampler = new OpenSet1nBootstrap(kept.probes(), {
    probeSubjects: probe,
    subjects: reference.subjects,
  });
  const out = new Float64Array(reference.fpirs.length);
  reference.counts.forEach((counts, d) => {
    sampler.evaluate(counts, 0, reference.fpirs, out);
    assert.deepEqual(Array.from(out), reference.tpir[d]!.map((x) => x ?? NaN), `draw ${d}`);
  });
  assert.equal(sampler.truncated.size, 0);
});

Deno.test("OpenSet1nBootstrap with every count 1 equals OpenSet1n.tpir()", async (t) => {
  const fixture = JSON.parse(
    await Deno.readTextFile(
      new URL("../../fixtures/identification/open_set_reference.json", import.meta.url),
    ),
  ) as {
    cases: { name: string; rows: number; cols: number; scores: number[]; probe: number[] }[];
  };
  for (const c of fixture.cases) {
    const raw = c as typeof c & { gallery: number[]; fpirs: number[] };
    await t.step(`open_set_reference.json: ${c.name}`, () => {
      const scores = matrix(c.rows, c.cols, Float32Array.from(c.scores));
      const subjects = { probe: Int32Array.from(c.probe), gallery: Int32Array.from(raw.gallery) };
      const open = new OpenSet1n({ probes: c.rows, maxFpir: 1 });
      open.add(scores, subjects);
      const kept = new OpenSet1nScores({ probes: c.rows, maxFpir: 1 });
      kept.add(scores, subjects);
      // Each probe its own subject: the counts are all 1.
      const probeSubjects = Int32Array.from({ length: c.rows }, (_, i) => i);
      const sampler = new OpenSet1nBootstrap(kept.probes(), { probeSubjects, subjects: c.rows });
      const out = new Float64Array(raw.fpirs.length);
      sampler.evaluate(new Uint32Array(c.rows).fill(1), 0, raw.fpirs, out);
      assert.deepEqual(Array.from(out), open.tpir(raw.fpirs));
    });
  }
  await t.step("random scores in blocks, with most non-mate scores dropped", () => {
    for (const seed of [1, 2, 3]) {
      const { scores, subjects } = synthetic(seed, 400, 60);
      const fpirs = [0, 0.001, 0.01, 0.05, 0.1];
      const open = new OpenSet1n({ probes: scores.rows });
      const kept = new OpenSet1nScores({ probes: scores.rows });
      for (let p0 = 0; p0 < scores.rows; p0 += 97) {
        const p1 = Math.min(scores.rows, p0 + 97);
        const block = matrix(p1 - p0, scores.dim, scores.data.subarray(p0 * 60, p1 * 60));
        const ids = { probe: subjects.probe.subarray(p0, p1), gallery: subjects.gallery };
        open.add(block, ids);
        kept.add(block, ids);
      }
      const probes = kept.probes();
      assert.ok(!probes.complete && probes.top.length < 4096 * 2, `seed ${seed}`);
      const sampler = new OpenSet1nBootstrap(probes, {
        probeSubjects: subjects.probe,
        subjects: 400,
      });
      const out = new Float64Array(fpirs.length);
      sampler.evaluate(new Uint32Array(400).fill(1), 0, fpirs, out);
      assert.deepEqual(Array.from(out), open.tpir(fpirs), `seed ${seed}`);
    }
  });
});

Deno.test("OpenSet1nBootstrap weighs probes like replicating them, or gives NaN", async (t) => {
  const { scores, subjects } = synthetic(7, 200, 150);
  const fpirs = [0.001, 0.01, 0.05, 0.1];
  const next = random(11);
  await t.step("random counts match OpenSet1n on the replicated probes", () => {
    const kept = new OpenSet1nScores({ probes: scores.rows });
    kept.add(scores, subjects);
    assert.equal(kept.probes().complete, false);
    const sampler = new OpenSet1nBootstrap(kept.probes(), {
      probeSubjects: subjects.probe,
      subjects: 200,
    });
    const out = new Float64Array(fpirs.length);
    for (let d = 0; d < 10; d++) {
      const counts = new Uint32Array(200);
      for (let j = 0; j < 200; j++) counts[Math.floor(next() * 200)]!++;
      sampler.evaluate(counts, 0, fpirs, out);
      assert.deepEqual(
        Array.from(out),
        replicated(scores, subjects.probe, subjects.gallery, counts, fpirs),
        `draw ${d}`,
      );
    }
    assert.equal(sampler.truncated.size, 0);
  });
  await t.step("a resample deeper than the kept scores gets NaN and is listed", () => {
    const kept = new OpenSet1nScores({ probes: scores.rows, maxFpir: 0.001, depth: 1 });
    kept.add(scores, subjects);
    const sampler = new OpenSet1nBootstrap(kept.probes(), {
      probeSubjects: subjects.probe,
      subjects: 200,
    });
    const out = new Float64Array(fpirs.length);
    const ones = new Uint32Array(200).fill(1);
    sampler.evaluate(ones, 0, fpirs, out);
    const exact = replicated(scores, subjects.probe, subjects.gallery, ones, fpirs);
    assert.equal(out[0], exact[0]);
    assert.ok(out.subarray(1).every((x) => Number.isNaN(x)), `${out}`);
    assert.deepEqual([...sampler.truncated], [0.01, 0.05, 0.1]);
  });
});
