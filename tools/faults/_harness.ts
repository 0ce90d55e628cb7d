/**
 * Plumbing of the fault-injection suite: cases, child processes killed at random moments,
 * and the checks that say whether a report folder or a store holds exactly one whole run.
 */
import { resultTable } from "../../src/report/mod.ts";
import type { MetricsFile } from "../../src/metrics/mod.ts";

/** The repository root. */
export const ROOT = new URL("../../", import.meta.url).pathname;

/** What every case gets. */
export interface Context {
  /** A fresh temporary folder for the case. */
  tmp: string;
  /** Seeded uniform random numbers in [0, 1). */
  random: () => number;
  /** Fewer repetitions (the CI and `--quick`). */
  quick: boolean;
  /** One line of progress. */
  log: (line: string) => void;
}

/** One check of one case. `skipped` explains why it could not run here. */
export interface Outcome {
  ok: boolean;
  detail: string;
  skipped?: boolean;
}

/** A named fault with its checks; `run` returns one outcome per attempt. */
export interface Case {
  name: string;
  /** What issue 7 requires here; a failure of such a case may be work in progress elsewhere. */
  group: "report" | "store" | "input";
  run(ctx: Context): Promise<Outcome[]>;
}

/** The seeded generator of kill times and bit positions: the same seed, the same cases. */
export { mulberry32 as seeded } from "../../src/core/mod.ts";

/** A finished child process. */
export interface Run {
  code: number;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs `deno run -A <script> ...args` in the repository root; with `killAfterMs`, sends
 * SIGKILL after that many milliseconds (if it is still running).
 */
export async function deno(
  script: string,
  args: readonly string[],
  options: { killAfterMs?: number; cwd?: string } = {},
): Promise<Run> {
  return await spawn(Deno.execPath(), ["run", "-A", `${ROOT}${script}`, ...args], options);
}

/** Runs any program, as {@linkcode deno} does. */
export async function spawn(
  program: string,
  args: readonly string[],
  options: { killAfterMs?: number; cwd?: string } = {},
): Promise<Run> {
  const started = performance.now();
  const child = new Deno.Command(program, {
    args: [...args],
    cwd: options.cwd ?? ROOT,
    env: { RUST_BACKTRACE: "0", NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (options.killAfterMs !== undefined) {
    timer = setTimeout(() => {
      try {
        child.kill("SIGKILL");
      } catch { /* already gone */ }
    }, options.killAfterMs);
  }
  const out = await child.output();
  clearTimeout(timer);
  const decoder = new TextDecoder();
  return {
    code: out.code,
    signal: out.signal,
    stdout: decoder.decode(out.stdout),
    stderr: decoder.decode(out.stderr),
    ms: performance.now() - started,
  };
}

/** Names in a folder, sorted; [] when it does not exist. */
export function list(dir: string): string[] {
  try {
    return [...Deno.readDirSync(dir)].map((e) => e.name).sort();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return [];
    throw error;
  }
}

/** The files a complete `eval --no-png` report holds (verification + identification). */
export const REPORT_FILES = [
  "by_size.svg",
  "by_size.vl.json",
  "cmc.svg",
  "cmc.vl.json",
  "diagnostics.md",
  "metrics.json",
  "open_set.svg",
  "open_set.vl.json",
  "report.html",
  "roc.svg",
  "roc.vl.json",
  "scores.svg",
  "scores.vl.json",
  "table.csv",
  "table.md",
  "table.tex",
];

/**
 * Checks that `dir` holds exactly one whole run: the expected files and no others, a
 * `metrics.json` that parses, and tables that are exactly what that `metrics.json` gives
 * (so a table of another run beside it is caught). Returns a problem, or undefined.
 */
export function reportProblem(dir: string): string | undefined {
  const names = list(dir);
  if (names.join() !== REPORT_FILES.join()) {
    return `${dir} holds ${names.join(", ") || "nothing"}: expected ${REPORT_FILES.join(", ")}`;
  }
  let metrics: MetricsFile;
  try {
    metrics = JSON.parse(Deno.readTextFileSync(`${dir}/metrics.json`));
  } catch (error) {
    return `${dir}/metrics.json does not parse: ${(error as Error).message}`;
  }
  const md = resultTable(metrics.results, { format: "markdown" });
  const csv = resultTable(metrics.results, { format: "csv" });
  if (Deno.readTextFileSync(`${dir}/table.md`) !== md) return `${dir}/table.md is from another run`;
  if (Deno.readTextFileSync(`${dir}/table.csv`) !== csv) {
    return `${dir}/table.csv is from another run`;
  }
  return undefined;
}

/** Entries beside a report folder that a finished writer must not leave. */
export function leftovers(parent: string, name: string): string[] {
  return list(parent).filter((e) => e.startsWith(`.${name}.`));
}

/** Flips bit `bit` of byte `offset` of `path` in place. */
export function flipBit(path: string, offset: number, bit: number): void {
  const bytes = Deno.readFileSync(path);
  bytes[offset]! ^= 1 << bit;
  Deno.writeFileSync(path, bytes);
}

/** True when two files have the same bytes. */
export function sameBytes(a: string, b: string): boolean {
  const x = Deno.readFileSync(a), y = Deno.readFileSync(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * Runs `command` inside a private mount namespace with a tmpfs of `kib` KiB mounted at
 * `dir` (`unshare -Urm`, so nothing changes outside). The shell command sees `$T` = dir.
 * Returns undefined when tmpfs cannot be mounted here (the case is then skipped).
 */
export async function withTmpfs(
  dir: string,
  kib: number,
  command: string,
): Promise<Run | undefined> {
  await Deno.mkdir(dir, { recursive: true });
  const probe = await spawn("unshare", [
    "-Urm",
    "sh",
    "-c",
    `mount -t tmpfs -o size=4k tmpfs ${dir}`,
  ])
    .catch(() => undefined);
  if (probe === undefined || probe.code !== 0) return undefined;
  return await spawn("unshare", [
    "-Urm",
    "sh",
    "-c",
    `mount -t tmpfs -o size=${kib}k tmpfs ${dir} && T=${dir} && ${command}`,
  ]);
}
