import assert from "node:assert/strict";
import { matrix } from "../features/mod.ts";
import { cmc, probeStats, tpirAtFpir } from "../metrics/mod.ts";
import { IdentificationBootstrap } from "./identification_bootstrap.ts";
import { _reference } from "./_reference.ts";

const ref = await _reference();
const probes = ref.probeSubjects.length, cols = ref.gallerySubjects.length;
const whole = matrix(probes, cols, ref.probeScores);

function gallery(g: number) {
  const keep = Array.from(ref.gallerySet.keys()).filter((c) => ref.gallerySet[c] === g);
  const data = new Float32Array(probes * keep.length);
  for (let p = 0; p < probes; p++) {
    keep.forEach((c, k) => data[p * keep.length + k] = ref.probeScores[p * cols + c]!);
  }
  return {
    scores: matrix(probes, keep.length, data),
    subjects: {
      probe: ref.probeSubjects,
      gallery: Int32Array.from(keep, (c) => ref.gallerySubjects[c]!),
    },
  };
}

const galleries = [gallery(0), gallery(1)];
const sampler = new IdentificationBootstrap({
  probeSubjects: ref.probeSubjects,
  subjects: ref.subjects,
  closed: probeStats(whole, { probe: ref.probeSubjects, gallery: ref.gallerySubjects }, "test"),
  open: galleries.map((g) => probeStats(g.scores, g.subjects, "test")),
  rule: "ijb-evals",
});

Deno.test("IdentificationBootstrap reproduces numpy's replicated-probe metrics draw by draw", () => {
  const out = new Float64Array(ref.ranks.length + ref.fpirs.length);
  ref.counts.forEach((counts, d) => {
    sampler.evaluate(counts, 0, ref.ranks, ref.fpirs, out);
    ref.identification[d]!.forEach((e, m) => {
      if (e === null) assert.ok(Number.isNaN(out[m]), `draw ${d} metric ${m}: ${out[m]}`);
      else assert.ok(Math.abs(out[m]! - e) < 1e-12, `draw ${d} metric ${m}: ${out[m]} vs ${e}`);
    });
  });
});

Deno.test("IdentificationBootstrap with every subject once equals cmc() and tpirAtFpir()", () => {
  const out = new Float64Array(ref.ranks.length + ref.fpirs.length);
  sampler.evaluate(new Uint32Array(ref.subjects).fill(1), 0, ref.ranks, ref.fpirs, out);
  const curve = cmc(whole, { probe: ref.probeSubjects, gallery: ref.gallerySubjects }).curve;
  assert.deepEqual(Array.from(out.subarray(0, 3)), ref.ranks.map((k) => curve[k - 1]!));
  const tpir = ref.fpirs.map((_, f) =>
    galleries.reduce((s, g) => s + tpirAtFpir(g.scores, g.subjects, { fpirs: ref.fpirs })[f]!, 0) /
    2
  );
  assert.deepEqual(Array.from(out.subarray(3)), tpir);
});

Deno.test("IdentificationBootstrap's IJB-S rule reproduces numpy's replicated probes draw by draw", async () => {
  // tools/make_ijbs_bootstrap_reference.py: np.repeat, then PFE/AdaFace DIR_FAR per gallery.
  const ijbs = JSON.parse(
    await Deno.readTextFile(
      new URL("../../fixtures/uncertainty/ijbs_bootstrap_reference.json", import.meta.url),
    ),
  ) as { fpirs: number[]; tpir: (number | null)[][] };
  const weighted = new IdentificationBootstrap({
    probeSubjects: ref.probeSubjects,
    subjects: ref.subjects,
    closed: probeStats(whole, { probe: ref.probeSubjects, gallery: ref.gallerySubjects }, "test"),
    open: galleries.map((g) => probeStats(g.scores, g.subjects, "test")),
    rule: "ijbs",
  });
  const out = new Float64Array(ref.ranks.length + ijbs.fpirs.length);
  assert.equal(ijbs.tpir.length, ref.counts.length);
  ref.counts.forEach((counts, d) => {
    weighted.evaluate(counts, 0, ref.ranks, ijbs.fpirs, out);
    ijbs.tpir[d]!.forEach((e, f) => {
      const got = out[ref.ranks.length + f]!;
      if (e === null) assert.ok(Number.isNaN(got), `draw ${d} FPIR ${ijbs.fpirs[f]}: ${got}`);
      else assert.ok(Math.abs(got - e) < 1e-12, `draw ${d} FPIR ${ijbs.fpirs[f]}: ${got} vs ${e}`);
    });
  });
  // Every subject once: the point estimate of tpirAtFpir's IJB-S rule.
  weighted.evaluate(new Uint32Array(ref.subjects).fill(1), 0, ref.ranks, ijbs.fpirs, out);
  const point = ijbs.fpirs.map((_, f) =>
    galleries.reduce(
      (s, g) => s + tpirAtFpir(g.scores, g.subjects, { fpirs: ijbs.fpirs, rule: "ijbs" })[f]!,
      0,
    ) / 2
  );
  assert.deepEqual(Array.from(out.subarray(ref.ranks.length)), point);
});

Deno.test("strata group the subjects by which galleries hold their mate", () => {
  // Probes of subjects 0 … 4 (0, 1 in G1; 2 in G2; 3, 4 in neither); subject 5 has no probe.
  const probeSubjects = Int32Array.of(0, 0, 1, 2, 3, 4, 4);
  const mated = (...s: number[]) => Uint8Array.from(probeSubjects, (x) => s.includes(x) ? 1 : 0);
  const stats = (m: Uint8Array) => ({
    mated: m,
    mate: new Float64Array(7),
    nonMateMax: new Float64Array(7),
    rank: new Int32Array(7),
  });
  const strata = new IdentificationBootstrap({
    probeSubjects,
    subjects: 6,
    closed: stats(mated(0, 1, 2)),
    open: [stats(mated(0, 1)), stats(mated(2))],
    rule: "ijb-evals",
  }).strata;
  assert.equal(strata[0], strata[1]);
  assert.equal(strata[3], strata[4]);
  assert.equal(new Set([strata[0], strata[2], strata[3]]).size, 3);
  assert.ok(strata[0]! >= 0 && strata[2]! >= 0 && strata[3]! >= 0);
  assert.equal(strata[5], -1);
});
