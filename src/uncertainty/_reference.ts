/**
 * Test-only loader for `fixtures/uncertainty/bootstrap_reference.json`, written by
 * `tools/make_bootstrap_reference.py` (numpy 1.24 + scikit-learn 1.2).
 *
 * @module
 */

interface _Raw {
  subjects: number;
  fars: number[];
  ranks: number[];
  fpirs: number[];
  pair_scores: number[];
  pair_labels: number[];
  pair_subjects: [number[], number[]];
  probe_subjects: number[];
  gallery_subjects: number[];
  gallery_set: number[];
  probe_scores: number[];
  counts: number[][];
  verification: (number | null)[][];
  identification: (number | null)[][];
}

/** The decoded reference. */
export async function _reference() {
  const url = new URL("../../fixtures/uncertainty/bootstrap_reference.json", import.meta.url);
  const raw = JSON.parse(await Deno.readTextFile(url)) as _Raw;
  return {
    subjects: raw.subjects,
    fars: raw.fars,
    ranks: raw.ranks,
    fpirs: raw.fpirs,
    pairScores: Float32Array.from(raw.pair_scores),
    pairLabels: Uint8Array.from(raw.pair_labels),
    pairFirst: Int32Array.from(raw.pair_subjects[0]),
    pairSecond: Int32Array.from(raw.pair_subjects[1]),
    probeSubjects: Int32Array.from(raw.probe_subjects),
    gallerySubjects: Int32Array.from(raw.gallery_subjects),
    gallerySet: Uint8Array.from(raw.gallery_set),
    probeScores: Float32Array.from(raw.probe_scores),
    counts: raw.counts.map((c) => Uint32Array.from(c)),
    verification: raw.verification,
    identification: raw.identification,
  };
}
