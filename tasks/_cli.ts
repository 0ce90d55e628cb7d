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

/**
 * A file shipped with the harness (default data, models): the path as given when it exists
 * from the current folder, else the same path under the harness root, so the offline bundle
 * runs from any folder.
 */
export function shippedPath(path: string): string {
  if (path.startsWith("/")) return path;
  try {
    Deno.statSync(path);
    return path;
  } catch {
    const root = new URL("../", import.meta.url).pathname;
    try {
      Deno.statSync(root + path);
      return root + path;
    } catch {
      return path;
    }
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
  const data = options.data ??
    (benchmark.defaultData === undefined ? undefined : shippedPath(benchmark.defaultData));
  if (data === undefined) {
    throw new UsageError(`Cannot ${options.verb} ${benchmark.name} without --data DIR`);
  }
  return { benchmark, data };
}
