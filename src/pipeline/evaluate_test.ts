import assert from "node:assert/strict";
import { synthetic } from "../../benchmarks/synthetic.ts";
import type { FusionResult } from "../metrics/mod.ts";
import { evaluate } from "./evaluate.ts";

interface Reference {
  dropped_rows: number;
  results: FusionResult[];
}

Deno.test("evaluate() reproduces the numpy/sklearn reference metrics on the demo protocol", async () => {
  const reference = JSON.parse(
    await Deno.readTextFile("fixtures/synthetic/reference_metrics.json"),
  ) as Reference;
  const evaluation = await evaluate({
    benchmark: synthetic,
    data: "fixtures/synthetic",
    features: "fixtures/synthetic/features.npy",
    fusions: [{ kind: "insightface" }, { kind: "average" }],
    tasks: ["verification", "identification"],
    openSetRules: ["insightface-1n", "ijb-evals"],
  });
  // insightface-1n: tools/make_open_set_reference.py; ijb-evals: make_reference.py.
  const openSet = JSON.parse(
    await Deno.readTextFile("fixtures/identification/open_set_reference.json"),
  ).synthetic as Record<
    string,
    { tpir_at_fpir: Record<string, number>; probes_without_mate: number }
  >;
  assert.equal(evaluation.runs.length, 2);
  for (const [i, run] of evaluation.runs.entries()) {
    const expected = reference.results[i]!;
    const got = run.result;
    assert.equal(got.fusion, expected.fusion);
    assert.equal(got.chunk, null);
    assert.equal(evaluation.fused[i]!.droppedRows, reference.dropped_rows);
    const v = got.verification!, ev = expected.verification!;
    assert.deepEqual([v.pairs, v.genuine, v.impostor], [ev.pairs, ev.genuine, ev.impostor]);
    assert.deepEqual(v.tar_at_far, ev.tar_at_far);
    assert.ok(Math.abs(v.auc - ev.auc) < 1e-9);
    const id = got.identification!, eid = expected.identification!;
    const official = openSet[got.fusion]!;
    // `probes` counts every probe template; the reference's, like rank-k, the mated ones.
    assert.deepEqual(id, {
      probes: eid.probes + official.probes_without_mate,
      mated_probes: eid.probes,
      probes_without_mate: official.probes_without_mate,
      rank: eid.rank,
      open_set_rule: "insightface-1n",
      tpir_at_fpir: official.tpir_at_fpir,
      tpir_at_fpir_by_rule: {
        "insightface-1n": official.tpir_at_fpir,
        "ijb-evals": eid.tpir_at_fpir,
      },
    });
  }
});

Deno.test("evaluate() runs only the requested tasks", async () => {
  const evaluation = await evaluate({
    benchmark: synthetic,
    data: "fixtures/synthetic",
    features: "fixtures/synthetic/features.npy",
    fusions: [{ kind: "average" }],
    tasks: ["identification"],
  });
  const [run] = evaluation.runs;
  assert.equal(run?.result.verification, undefined);
  assert.equal(run?.result.identification?.mated_probes, 60);
  assert.equal(run?.result.identification?.probes, 72);
  assert.equal(run?.result.identification?.open_set_rule, "insightface-1n");
  assert.equal(run?.result.identification?.tpir_at_fpir_by_rule, undefined);
});

Deno.test("evaluate() rejects a features file whose row count differs from the protocol", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const { writeNpy, matrix } = await import("../features/mod.ts");
    await writeNpy(`${dir}/short.npy`, matrix(10, 4));
    await assert.rejects(
      () =>
        evaluate({
          benchmark: synthetic,
          data: "fixtures/synthetic",
          features: `${dir}/short.npy`,
          fusions: [{ kind: "average" }],
          tasks: ["verification"],
        }),
      TypeError,
      "short.npy as features: it has 10 rows, expected 797 (one per line of synthetic_face_tid_mid.txt)",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("evaluate() counts Inf rows as dropped and all-zero templates as empty", async () => {
  const { readNpy, writeNpy, matrix } = await import("../features/mod.ts");
  const dir = await Deno.makeTempDir();
  try {
    const features = await readNpy("fixtures/synthetic/features.npy");
    const data = Float32Array.from(features.data);
    const dim = features.dim;
    const rows = (await Deno.readTextFile("fixtures/synthetic/meta/synthetic_face_tid_mid.txt"))
      .trim().split("\n").map((l) => l.split(/\s+/));
    const zeroTemplate = rows[0]![1];
    rows.forEach((r, i) => {
      if (r[1] === zeroTemplate) data.fill(0, i * dim, (i + 1) * dim);
    });
    const infRow = rows.findIndex((r) => r[1] !== zeroTemplate);
    data[infRow * dim + 3] = Infinity;
    await writeNpy(`${dir}/f.npy`, matrix(features.rows, dim, data));
    const request = {
      benchmark: synthetic,
      data: "fixtures/synthetic",
      fusions: [{ kind: "average" as const }],
      tasks: ["verification" as const],
    };
    const clean = (await evaluate({ ...request, features: "fixtures/synthetic/features.npy" }))
      .fused[0]!;
    const [run] = (await evaluate({ ...request, features: `${dir}/f.npy` })).fused;
    assert.equal(run?.droppedRows, clean.droppedRows + 1);
    assert.equal(run?.emptyTemplates, clean.emptyTemplates + 1);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("evaluate() names the file and flag behind I/O errors", async (t) => {
  const request = {
    benchmark: synthetic,
    data: "fixtures/synthetic",
    fusions: [{ kind: "average" as const }],
    tasks: ["verification" as const],
  };
  await t.step("a missing features file", async () => {
    await assert.rejects(
      () => evaluate({ ...request, features: "/nonexistent/f.npy" }),
      Deno.errors.NotFound,
      "Cannot open the features file /nonexistent/f.npy (--features): it does not exist",
    );
  });
  await t.step("a missing style file", async () => {
    await assert.rejects(
      () =>
        evaluate({
          ...request,
          features: "fixtures/synthetic/features.npy",
          style: "/nonexistent/s.npy",
        }),
      Deno.errors.NotFound,
      "Cannot open the style file /nonexistent/s.npy (--style): it does not exist",
    );
  });
  await t.step("an empty pairs file", async () => {
    const dir = await Deno.makeTempDir();
    try {
      await Deno.mkdir(`${dir}/meta`);
      for (const e of Deno.readDirSync("fixtures/synthetic/meta")) {
        await Deno.copyFile(`fixtures/synthetic/meta/${e.name}`, `${dir}/meta/${e.name}`);
      }
      await Deno.writeTextFile(`${dir}/meta/synthetic_template_pair_label.txt`, "");
      await assert.rejects(
        () => evaluate({ ...request, data: dir, features: "fixtures/synthetic/features.npy" }),
        RangeError,
        `Cannot evaluate verification as ${dir}/meta/synthetic_template_pair_label.txt holds no pairs`,
      );
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
});
