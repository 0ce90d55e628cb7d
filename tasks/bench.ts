/**
 * deno task bench [PATH...] [--filter TEXT] — run the speed benchmarks (`*_bench.ts`).
 */
import { parseFlags } from "./_flags.ts";
import { runMain } from "./_cli.ts";

const HELP = `Run the speed benchmarks: the Deno.bench files (*_bench.ts) beside the hot code.

Usage: deno task bench [PATH...] [options]

  PATH...                 bench files or folders (default: every *_bench.ts in the project)
  --filter TEXT           run only the benchmarks whose name contains TEXT
  -h, --help              show this help

The IJB-sized benchmarks write their synthetic data once to $TMPDIR/caface-harness-ijbb*
(about 600 MB) and reuse it. The README's Speed section lists the figures and the machine.
Exit status: 0 on success, 1 when a benchmark fails, 2 on a usage error.`;

await runMain(async () => {
  const { values, positionals } = parseFlags(Deno.args, { filter: { type: "string" } });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const filter = values.filter === undefined ? [] : ["--filter", values.filter];
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["bench", "-A", ...filter, ...positionals],
    stdout: "inherit",
    stderr: "inherit",
  }).spawn().status;
  return code === 0 ? 0 : 1;
});
