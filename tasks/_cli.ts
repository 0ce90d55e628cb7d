/** Shared command-line plumbing for the thin task entry points. */
import { getBenchmark } from "../benchmarks/mod.ts";
import type { Benchmark } from "../src/pipeline/mod.ts";

/** Runs a task's main, printing errors as one line and setting a non-zero exit code. */
export async function runMain(main: () => Promise<number | void>): Promise<void> {
  try {
    const code = await main();
    Deno.exit(code ?? 0);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const usage = error instanceof UsageError ||
      (error instanceof TypeError &&
        String((error as { code?: string }).code).startsWith("ERR_PARSE_ARGS"));
    console.error(`error: ${message}${usage ? " (see --help)" : ""}`);
    if (usage) Deno.exit(2);
    if (Deno.env.get("HARNESS_DEBUG") && error instanceof Error) console.error(error.stack);
    Deno.exit(1);
  }
}

/** A usage error: printed with a pointer to `--help`, exit code 2. */
export class UsageError extends Error {}

/** Parses a comma list against a closed vocabulary, naming the choices when one is unknown. */
export function parseList<T extends string>(
  text: string,
  choices: readonly T[],
  what: string,
): T[] {
  const items = text.split(",").map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (!(choices as readonly string[]).includes(item)) {
      throw new UsageError(
        `Cannot use ${what} "${item}": available are ${choices.map((c) => `"${c}"`).join(", ")}`,
      );
    }
  }
  return items as T[];
}

/** A timestamp usable in a directory name, e.g. `20261127-231950`. */
export function stamp(date = new Date()): string {
  return date.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
}

/** A short suffix that makes a default output folder unique: pid and random hex. */
export function uniqueSuffix(): string {
  const random = crypto.getRandomValues(new Uint8Array(3));
  return `${Deno.pid}${Array.from(random, (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/**
 * Console lines for the data problems recorded in a metrics file's provenance: image rows
 * dropped as non-finite (NaN or ±Inf) and templates left with no finite image (all-zero
 * features), per fusion run.
 */
export function dataWarnings(provenance: Record<string, unknown>): string[] {
  const lines: string[] = [];
  const each = (key: string, say: (n: number, run: string) => string) => {
    const counts = (provenance[key] ?? {}) as Record<string, number>;
    for (const [run, n] of Object.entries(counts)) if (n > 0) lines.push(say(n, run));
  };
  each(
    "dropped_non_finite_rows",
    (n, run) => `warning: ${run}: dropped ${n} non-finite image rows (NaN or Inf) before fusion`,
  );
  each(
    "empty_templates",
    (n, run) =>
      `warning: ${run}: ${n} templates have all-zero features (every image non-finite or zero); they score 0`,
  );
  return lines;
}

/**
 * The benchmark named by the only positional argument (default `demo`) and its data
 * directory (`--data`, else the benchmark's embedded data); `verb` words the errors.
 */
export function benchmarkAndData(
  positionals: readonly string[],
  options: { data?: string; verb: string },
): { benchmark: Benchmark; data: string } {
  if (positionals.length > 1) {
    throw new UsageError(`Cannot use more than one dataset: got ${positionals.join(" ")}`);
  }
  const benchmark = getBenchmark(positionals[0] ?? "demo");
  const data = options.data ?? benchmark.defaultData;
  if (data === undefined) {
    throw new UsageError(`Cannot ${options.verb} ${benchmark.name} without --data DIR`);
  }
  return { benchmark, data };
}
