import assert from "node:assert/strict";
import {
  aucDifferenceInterval,
  type AucInfluence,
  aucInterval,
  calibratedLevel,
  influenceDifference,
  influenceStandardError,
  studentizedInterval,
} from "./studentized_interval.ts";
import { VerificationBootstrap } from "./verification_bootstrap.ts";
import type { SubjectDraws } from "./subject_draws.ts";

// Written by tools/make_studentized_reference.py (numpy 1.24, scikit-learn 1.2).
const ref = JSON.parse(
  await Deno.readTextFile(
    new URL("../../fixtures/uncertainty/studentized_reference.json", import.meta.url),
  ),
) as {
  labels: number[];
  first: number[];
  second: number[];
  subjects: number;
  runs: {
    scores: number[];
    influence: Record<string, number[]>;
    aucs: (number | null)[];
    errors: (number | null)[];
    point: number;
    level: number;
    interval: [number, number];
  }[];
  counts: number[][];
  seed: number;
  difference: { errors: (number | null)[]; level: number; interval: [number, number] };
};
const close = (a: number, b: number | null, what: string) =>
  assert.ok(
    b === null ? a !== a : Math.abs(a - b) < 1e-12,
    `${what}: ${a} vs ${b}`,
  );
const draws: SubjectDraws = {
  subjects: ref.subjects,
  resamples: ref.counts.length,
  seed: ref.seed,
  counts: Uint32Array.from(ref.counts.flat()),
};
const samplers = ref.runs.map((run) =>
  new VerificationBootstrap(Float32Array.from(run.scores), Uint8Array.from(ref.labels), {
    first: Int32Array.from(ref.first),
    second: Int32Array.from(ref.second),
    count: ref.subjects,
  })
);
/** The AUC of every resample, by the harness's walk. */
const aucs = samplers.map((sampler) =>
  Float64Array.from(ref.counts, (_, b) => {
    const out = new Float64Array(1);
    sampler.evaluate(draws.counts, b * ref.subjects, [], out);
    return out[0]!;
  })
);

Deno.test("aucInfluence() sums numpy's brute-force placements per subject", () => {
  samplers.forEach((sampler, r) => {
    const got = sampler.aucInfluence(), want = ref.runs[r]!.influence;
    const keys: [keyof AucInfluence, string][] = [
      ["genuine", "genuine"],
      ["genuineCount", "genuine_count"],
      ["impostor", "impostor"],
      ["impostorCount", "impostor_count"],
    ];
    for (const [key, name] of keys) {
      got[key].forEach((v, s) => close(v, want[name]![s]!, `run ${r} ${name}[${s}]`));
    }
  });
});

Deno.test("influenceStandardError() matches numpy resample by resample", () => {
  samplers.forEach((sampler, r) => {
    const run = ref.runs[r]!, influence = sampler.aucInfluence();
    run.aucs.forEach((want, b) => close(aucs[r]![b]!, want, `run ${r} AUC of resample ${b}`));
    run.errors.forEach((want, b) =>
      close(
        influenceStandardError(influence, draws.counts, b * ref.subjects, aucs[r]![b]!),
        want,
        `run ${r} error of resample ${b}`,
      )
    );
    // The resamples' errors differ: the interval learns how the error moves with the AUC.
    assert.ok(new Set(run.errors.filter((e) => e !== null)).size > 10);
  });
});

Deno.test("calibratedLevel() is numpy's iterated-bootstrap level, second-level draws mirrored", () => {
  samplers.forEach((sampler, r) =>
    assert.equal(calibratedLevel(sampler.aucInfluence(), draws), ref.runs[r]!.level, `run ${r}`)
  );
  const inf = influenceDifference(samplers[0]!.aucInfluence(), samplers[1]!.aucInfluence());
  assert.equal(calibratedLevel(inf, draws), ref.difference.level, "difference");
  // The levels differ between the cases and lie above the nominal 0.95 (this data is skewed).
  assert.ok(new Set([...ref.runs.map((r) => r.level), ref.difference.level]).size > 1);
  assert.ok(ref.runs.every((r) => r.level > 0.95));
});

Deno.test("aucInterval() and aucDifferenceInterval() match the numpy bootstrap-t", () => {
  samplers.forEach((sampler, r) => {
    const run = ref.runs[r]!;
    const [lo, hi] = aucInterval(run.point, aucs[r]!, sampler.aucInfluence(), draws, 100);
    close(lo, run.interval[0], `run ${r} lower`);
    close(hi, run.interval[1], `run ${r} upper`);
    assert.ok(lo < run.point && run.point < hi);
  });
  const d = aucs[1]!.map((v, b) => v - aucs[0]![b]!);
  const inf = influenceDifference(samplers[0]!.aucInfluence(), samplers[1]!.aucInfluence());
  ref.difference.errors.forEach((want, b) =>
    close(
      influenceStandardError(inf, draws.counts, b * ref.subjects, d[b]!),
      want,
      `difference error of resample ${b}`,
    )
  );
  const delta = ref.runs[1]!.point - ref.runs[0]!.point;
  const [lo, hi] = aucDifferenceInterval(delta, d, inf, draws);
  close(lo, ref.difference.interval[0], "difference lower");
  close(hi, ref.difference.interval[1], "difference upper");
});

Deno.test("studentizedInterval() skips undefined resamples and falls back at zero error", () => {
  assert.deepEqual(studentizedInterval(0.5, [0.4, 0.6], [0.1, 0.1], 0), [NaN, NaN]);
  assert.deepEqual(studentizedInterval(NaN, [0.4, 0.6], [0.1, 0.1], 0.1), [NaN, NaN]);
  assert.deepEqual(studentizedInterval(0.5, [0.4, NaN], [0.1, 0.1], 0.1), [NaN, NaN]);
  assert.throws(() => studentizedInterval(0.5, [0.4, 0.6], [0.1, 0.1], 0.1, 1), RangeError);
  // A perfect separation: no error, the Wilson interval over the genuine pairs instead.
  const sampler = new VerificationBootstrap(
    Float32Array.of(0.9, 0.8, 0.1, 0.2),
    Uint8Array.of(1, 1, 0, 0),
    { first: Int32Array.of(0, 1, 0, 0), second: Int32Array.of(0, 1, 1, 1), count: 2 },
  );
  const two: SubjectDraws = {
    subjects: 2,
    resamples: 2,
    seed: 0,
    counts: Uint32Array.of(1, 1, 1, 1),
  };
  const [lo, hi] = aucInterval(1, [1, 1], sampler.aucInfluence(), two, 2);
  assert.equal(hi, 1);
  assert.ok(lo > 0.3 && lo < 0.5, `${lo}`);
  assert.throws(() => aucInterval(1, [1], sampler.aucInfluence(), two, 2), RangeError);
});
