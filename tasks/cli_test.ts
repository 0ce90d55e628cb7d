import assert from "node:assert/strict";
import { runTask } from "./_run_task.ts";

const TASKS = [
  "align",
  "bench",
  "check",
  "convert",
  "demo",
  "embed",
  "eval",
  "extract",
  "landmarks",
  "merge",
] as const;

Deno.test("every task answers --help with its usage and exit code 0", async (t) => {
  const config = JSON.parse(await Deno.readTextFile("deno.json"));
  for (const name of TASKS) {
    await t.step(name, async () => {
      assert.match(config.tasks[name], new RegExp(`tasks/${name}\\.ts`));
      const run = await runTask(`tasks/${name}.ts`, ["--help"]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, new RegExp(`^Usage: deno task ${name}\\b`, "m"));
      assert.match(run.stdout, /Exit status: 0 .+, 2 on a usage error/s);
    });
  }
});

Deno.test("usage errors exit with code 2 and one helpful line", async (t) => {
  const cases: [string, string[], string][] = [
    [
      "eval",
      ["--fusoin", "average"],
      "error: unknown option --fusoin; did you mean --fusion? (see --help)\n",
    ],
    ["merge", ["--outt", "x"], "error: unknown option --outt; did you mean --out? (see --help)\n"],
    ["eval", ["--zzz"], "error: unknown option --zzz (see --help)\n"],
    ["eval", ["--out"], "error: option --out needs a value (see --help)\n"],
    [
      "eval",
      ["--fusion", "avg"],
      'error: Cannot find fusion "avg": available are "average", "insightface", "caface" (see --help)\n',
    ],
    [
      "eval",
      ["--tasks", "verify"],
      'error: Cannot use task "verify": available are "verification", "identification" (see --help)\n',
    ],
    [
      "eval",
      ["synthetic", "--features", "no/such.npy"],
      "error: Cannot read --features no/such.npy: no such file (see --help)\n",
    ],
    [
      "eval",
      ["--fusion", "average,caface", "--caface", "fixtures"],
      "error: Cannot use --caface fixtures: it has no cluster.onnx (see --help)\n",
    ],
    [
      "eval",
      ["--fusion", "caface", "--caface", "no/such/dir"],
      "error: Cannot read --caface no/such/dir: no such directory (see --help)\n",
    ],
    ["embed", ["stray", "--out", "x"], 'error: unexpected argument "stray" (see --help)\n'],
    [
      "extract",
      ["--backbone", "no.onnx", "--out", "x"],
      "error: Cannot read --backbone no.onnx: no such file (see --help)\n",
    ],
    [
      "demo",
      ["--probe", "no/dir", "--gallery", "g.jpg"],
      "error: Cannot read --probe no/dir: no such file or directory (see --help)\n",
    ],
  ];
  for (const [name, args, stderr] of cases) {
    await t.step(`${name} ${args.join(" ")}`, async () => {
      const run = await runTask(`tasks/${name}.ts`, args);
      assert.equal(run.stderr, stderr);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, "");
    });
  }
});
