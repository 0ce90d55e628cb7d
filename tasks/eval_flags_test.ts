/**
 * Every flag of `eval` × every benchmark: the flag is honoured, with an effect on the plan
 * this test checks, or refused with a plan error (exit 2). None is ignored. A flag added to
 * `EVAL_FLAGS` without a row here fails the first test.
 */
import assert from "node:assert/strict";
import { type BenchmarkName, BENCHMARKS } from "../benchmarks/mod.ts";
import { type EvaluationPlan, evaluationPlan, PlanError } from "../src/pipeline/mod.ts";
import { backboneFlags } from "./_extract_flags.ts";
import { EVAL_FLAGS } from "./_eval_flags.ts";
import { parseFlags } from "./_flags.ts";
import { runTask } from "./_run_task.ts";

const NAMES = Object.keys(BENCHMARKS) as BenchmarkName[];
/** Benchmarks whose features come with them: no images to embed. */
const FEATURES_ONLY = NAMES.filter((n) => !BENCHMARKS[n].images);
const IJBS = ["ijbs", "ijbs-demo"] as const;

interface Case {
  /** The arguments, the flag and what it needs beside it. */
  args: (name: BenchmarkName) => string[];
  /** What the flag changes in the plan, and the value it must have. */
  effect: (plan: EvaluationPlan) => unknown;
  expect: unknown;
  /** The benchmarks that refuse it, with the message. */
  refused?: Partial<Record<BenchmarkName, RegExp>>;
}

const extract = (plan: EvaluationPlan) => {
  assert.equal(plan.source.kind, "extract");
  return plan.source.kind === "extract" ? plan.source : undefined!;
};
const refusedWithoutImages = (pattern: RegExp) =>
  Object.fromEntries(FEATURES_ONLY.map((n) => [n, pattern]));
/** An extraction flag: honoured where images are embedded, refused on features-only ones. */
const extraction = (args: string[], effect: Case["effect"], expect: unknown): Case => ({
  args: () => args,
  effect,
  expect,
  refused: refusedWithoutImages(/apply when the images are embedded|Cannot embed the images/),
});
/** CAFace with its inputs: style vectors from files, or the backbone's style output. */
const caface = (name: BenchmarkName, more: string[] = []) => [
  "--fusion",
  "caface",
  "--caface",
  "models/caface",
  ...(BENCHMARKS[name].images ? [] : ["--features", "f.npy", "--style", "s.npy"]),
  ...more,
];

const CASES: Record<string, Case[]> = {
  backbone: [extraction(["--backbone", "b.onnx"], (p) => extract(p).settings.backbone, "b.onnx")],
  device: [extraction(["--device", "cuda:1"], (p) => extract(p).settings.device, "cuda:1")],
  threads: [extraction(["--threads", "3"], (p) => extract(p).settings.threads, 3)],
  batch: [extraction(["--batch", "7"], (p) => extract(p).settings.preprocess.batch, 7)],
  preset: [
    extraction(["--preset", "arcface"], (p) => extract(p).settings.preprocess.colour, "rgb"),
  ],
  colour: [extraction(["--colour", "rgb"], (p) => extract(p).settings.preprocess.colour, "rgb")],
  scale: [extraction(["--scale", "2"], (p) => extract(p).settings.preprocess.scale, 2)],
  mean: [
    extraction(["--mean", "0.25"], (p) => extract(p).settings.preprocess.mean, [0.25, 0.25, 0.25]),
  ],
  std: [
    extraction(["--std", "0.25"], (p) => extract(p).settings.preprocess.std, [0.25, 0.25, 0.25]),
  ],
  flip: [extraction(["--flip", "add"], (p) => extract(p).settings.preprocess.flip, "add")],
  "embedding-output": [
    extraction(
      ["--embedding-output", "e"],
      (p) => extract(p).settings.preprocess.embeddingOutput,
      "e",
    ),
  ],
  "style-output": [
    extraction(["--style-output", "s"], (p) => extract(p).settings.preprocess.styleOutput, "s"),
  ],
  store: [extraction(["--store", "/st"], (p) => extract(p).store, "/st")],
  "on-error": [extraction(["--on-error", "fail"], (p) => extract(p).onError, "fail")],
  workers: [extraction(["--workers", "2"], (p) => extract(p).workers, 2)],
  prealigned: [{
    ...extraction(
      ["--prealigned"],
      (p) => [extract(p).prealigned, extract(p).store.endsWith("-fr_feature-prealigned")],
      [true, true],
    ),
    refused: {
      ...refusedWithoutImages(/apply when the images are embedded|Cannot embed the images/),
      ijbs: /--prealigned on ijbs \(IJB-S\): its images are aligned crops, always resized/,
    },
  }],
  data: [{
    args: (n) => ["--data", "/other", ...(BENCHMARKS[n].images ? [] : ["--features", "f.npy"])],
    effect: (p) => p.data,
    expect: "/other",
  }],
  features: [{
    args: () => ["--features", "f.npy"],
    effect: (p) => p.source.kind === "files" && p.source.features,
    expect: "f.npy",
  }],
  style: [{
    args: () => ["--features", "f.npy", "--style", "s.npy", "--fusion", "caface", "--caface", "m"],
    effect: (p) => p.source.kind === "files" && p.source.style,
    expect: "s.npy",
  }],
  fusion: [{
    args: () => ["--fusion", "insightface"],
    effect: (p) => p.fusions.map((f) => f.kind),
    expect: ["insightface"],
    refused: { ijbs: /no media ids/, "ijbs-demo": /no media ids/ },
  }, {
    args: (n) => [...caface(n), "--fusion", "average,caface"],
    effect: (p) => p.fusions.map((f) => f.kind),
    expect: ["average", "caface"],
  }],
  caface: [{
    args: (n) => caface(n),
    effect: (p) => p.fusions[0]?.kind === "caface" && p.fusions[0].modelDir,
    expect: "models/caface",
  }],
  chunk: [{
    args: (n) => caface(n, ["--chunk", "8,whole"]),
    effect: (p) => p.fusions[0]?.kind === "caface" && p.fusions[0].chunks,
    expect: [8, 0],
  }, {
    args: (n) => caface(n, ["--chunk", "sweep"]),
    effect: (p) => p.fusions[0]?.kind === "caface" && p.fusions[0].chunks,
    expect: [4, 8, 32, 64, 128, 256, 9999],
  }],
  tasks: [{
    args: () => ["--tasks", "verification"],
    effect: (p) => p.tasks,
    expect: ["verification"],
    refused: { ijbs: /identification only/, "ijbs-demo": /identification only/ },
  }],
  out: [{ args: () => ["--out", "/o"], effect: (p) => p.out, expect: "/o" }],
  "open-set-rule": [{
    args: () => ["--open-set-rule", "insightface-1n"],
    effect: (p) => p.openSetRules,
    expect: ["insightface-1n"],
    refused: {
      ijbs: /does not apply to IJB-S, whose protocols define their own rule/,
      "ijbs-demo": /does not apply to IJB-S demo/,
    },
  }, {
    args: () => ["--open-set-rule", "ijbs"],
    effect: (p) => p.openSetRules,
    expect: ["ijbs"],
  }],
  wait: [{ args: () => ["--wait", "5"], effect: (p) => p.waitMs, expect: 5000 }],
  "dump-templates": [{
    args: () => ["--dump-templates"],
    effect: (p) => p.dumpTemplates,
    expect: true,
  }],
  ci: [{ args: () => ["--ci"], effect: (p) => p.ci?.auto, expect: false }],
  "no-ci": [{ args: () => ["--no-ci"], effect: (p) => p.ci, expect: undefined }],
  bootstrap: [{ args: () => ["--bootstrap", "50"], effect: (p) => p.ci?.resamples, expect: 50 }],
  seed: [{ args: () => ["--seed", "7"], effect: (p) => p.ci?.seed, expect: 7 }],
  "ci-format": [{
    args: () => ["--ci-format", "interval"],
    effect: (p) => p.ciFormat,
    expect: "interval",
  }],
  "save-scores": [{ args: () => ["--save-scores"], effect: (p) => p.saveScores, expect: true }],
  faceness: [{
    args: () => ["--faceness"],
    effect: (p) => p.fusions.find((f) => f.kind === "insightface"),
    expect: { kind: "insightface", faceness: true, normaliseImages: false },
    refused: { ijbs: /without --fusion insightface/, "ijbs-demo": /without --fusion insightface/ },
  }],
  "normalise-images": [{
    args: () => ["--normalise-images"],
    effect: (p) => p.fusions.find((f) => f.kind === "insightface"),
    expect: { kind: "insightface", faceness: false, normaliseImages: true },
    refused: { ijbs: /without --fusion insightface/, "ijbs-demo": /without --fusion insightface/ },
  }],
  "no-png": [{ args: () => ["--no-png"], effect: (p) => p.skipPng, expect: true }],
  quiet: [{ args: () => ["--quiet"], effect: (p) => p.quiet, expect: true }],
  // Answered by the entry point before any plan: the last test runs it on every benchmark.
  help: [],
};

/** Combinations refused on every benchmark: the flag would have no effect. */
const NO_EFFECT: [string[], RegExp][] = [
  [["--caface", "m"], /--caface without --fusion caface/],
  [["--chunk", "8"], /--chunk without --fusion caface/],
  [["--style", "s.npy", "--features", "f.npy"], /--style without --fusion caface/],
  [["--ci", "--no-ci"], /--ci with --no-ci/],
  [["--no-ci", "--seed", "3"], /--seed with --no-ci/],
  [["--no-ci", "--bootstrap", "30"], /--bootstrap with --no-ci/],
  [["--features", "f.npy", "--backbone", "b.onnx"], /--features with --backbone/],
  [["--tasks", "verification", "--open-set-rule", "ijbs"], /./],
  [["--fusion", "caface", "--caface", "m", "--chunk", "0"], /chunk/],
  [["--fusion", "caface", "--caface", "m", "--chunk", "sweep,9999"], /9999 is given twice/],
  [["--wait=-1"], /--wait -1/],
  [["--bootstrap", "0"], /--bootstrap 0/],
  [["--seed", "x"], /--seed x/],
];

function plan(name: BenchmarkName, args: string[]): EvaluationPlan {
  // IJB-B, IJB-C and IJB-S ship no data: the plan only names the folder it will check.
  const data = BENCHMARKS[name].defaultData === undefined && !args.includes("--data")
    ? ["--data", "/data"]
    : [];
  const { values } = parseFlags([...data, ...args], EVAL_FLAGS);
  return evaluationPlan(BENCHMARKS[name], values, {
    resolve: (path) => path,
    backbone: backboneFlags,
    defaultOut: (n) => `reports/${n}`,
  });
}

Deno.test("eval flags: every flag of EVAL_FLAGS has a row in the flag × benchmark table", () => {
  assert.deepEqual(Object.keys(EVAL_FLAGS).sort(), Object.keys(CASES).sort());
});

for (const name of NAMES) {
  Deno.test(`eval flags on ${name}: each flag is honoured with its effect, or refused`, () => {
    const base = plan(name, []);
    for (const [flag, cases] of Object.entries(CASES)) {
      for (const c of cases) {
        const args = c.args(name);
        const refusal = c.refused?.[name];
        if (refusal) {
          assert.throws(() => plan(name, args), (e: unknown) => {
            assert.ok(e instanceof PlanError, `${name} ${args.join(" ")}: ${e}`);
            assert.match(e.message, refusal);
            return true;
          });
          continue;
        }
        const got = plan(name, args);
        assert.deepEqual(c.effect(got), c.expect, `--${flag} on ${name}: ${args.join(" ")}`);
        // The effect is the flag's: without it the plan differs there.
        if (flag !== "help") {
          assert.notDeepEqual(
            _safe(() => c.effect(base)),
            c.expect,
            `--${flag} on ${name} has no effect`,
          );
        }
      }
    }
    for (const [args, pattern] of NO_EFFECT) {
      assert.throws(() => plan(name, args), (e: unknown) => {
        assert.ok(e instanceof PlanError, `${name} ${args.join(" ")}: ${e}`);
        assert.match(e.message, pattern);
        return true;
      }, `${name} ${args.join(" ")}`);
    }
  });
}

Deno.test("eval flags: IJB-S defaults to average fusion, identification and intervals on", () => {
  for (const name of IJBS) {
    const p = plan(name, []);
    assert.deepEqual(p.fusions, [{ kind: "average" }]);
    assert.deepEqual(p.tasks, ["identification"]);
    assert.equal(p.ci?.auto, true);
  }
});

Deno.test("eval command: a refused flag exits 2 before any work, --help exits 0 on every benchmark", async () => {
  const out = await Deno.makeTempDir();
  try {
    const refused = await runTask("tasks/eval.ts", [
      "ijbs-demo",
      "--open-set-rule",
      "insightface-1n",
      "--out",
      out + "/r",
    ]);
    assert.equal(refused.code, 2, refused.stderr);
    assert.match(refused.stderr, /does not apply to IJB-S demo.*\(see --help\)/);
    assert.deepEqual(await Array.fromAsync(Deno.readDir(out)), []);
    for (const name of NAMES) {
      const help = await runTask("tasks/eval.ts", [name, "--help"]);
      assert.equal(help.code, 0, name);
      assert.match(help.stdout, /Usage: deno task eval/);
      assert.match(help.stdout, /"sweep" is the official\s+validation.s 4,8,32,64,128,256,9999/);
    }
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

/** The effect on the default plan, or the error it throws (e.g. not extracting). */
function _safe(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    return error;
  }
}

Deno.test("eval flags: CAFace on ijbs-demo uses its derived inputs unless the user gives any", () => {
  const p = plan("ijbs-demo", ["--fusion", "average,caface"]);
  assert.ok(p.prepare?.dir.endsWith("reports/cache/ijbs-demo-caface"));
  const dir = p.prepare!.dir;
  assert.deepEqual(p.source, {
    kind: "files",
    features: `${dir}/features.npy`,
    style: `${dir}/style.npy`,
  });
  assert.equal(p.fusions[1]?.kind === "caface" && p.fusions[1].modelDir, `${dir}/model`);
  // Any input of the user's own turns the demo inputs off, and what is missing is named.
  assert.equal(plan("ijbs-demo", ["--fusion", "average"]).prepare, undefined);
  assert.throws(
    () => plan("ijbs-demo", ["--fusion", "caface", "--caface", "m"]),
    /without --style/,
  );
  assert.throws(() => plan("ijbs", ["--fusion", "caface", "--data", "d"]), /without --caface/);
});
