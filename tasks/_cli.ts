/** Shared command-line plumbing for the thin task entry points. */
import { getBenchmark } from "../benchmarks/mod.ts";
import { type Benchmark, PlanError } from "../src/pipeline/mod.ts";
import { usageFromParseError } from "./_flags.ts";
import { UsageError } from "./_usage_error.ts";

export { UsageError };

/**
 * Runs a task's main, printing errors as one line and setting the exit code: 0 on success,
 * 2 for a usage error (a bad flag or option value, found before any work starts), 1 for a
 * failure while working.
 */
export async function runMain(main: () => Promise<number | void>): Promise<void> {
  try {
    const code = await main();
    Deno.exit(code ?? 0);
  } catch (thrown) {
    const error = usageFromParseError(thrown);
    const message = error instanceof Error ? error.message : String(error);
    const usage = error instanceof UsageError || error instanceof PlanError;
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

/** Runs `parse` on an option value; a RangeError or TypeError it throws is a usage error. */
export function asUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}

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

/**
 * Checks before any work that the path given to `--flag` exists and is a file (or, with
 * `kind: "directory"`, a directory holding `contains`); a usage error names both otherwise.
 */
export function requirePath(
  flag: string,
  path: string | undefined,
  options: { kind?: "file" | "directory" | "any"; contains?: readonly string[] } = {},
): void {
  if (path === undefined) return;
  const kind = options.kind ?? "file";
  let info: Deno.FileInfo;
  try {
    info = Deno.statSync(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new UsageError(
        `Cannot read --${flag} ${path}: no such ${kind === "any" ? "file or directory" : kind}`,
      );
    }
    throw error;
  }
  if (kind !== "any" && (kind === "file" ? !info.isFile : !info.isDirectory)) {
    throw new UsageError(`Cannot read --${flag} ${path}: it is not a ${kind}`);
  }
  for (const name of options.contains ?? []) {
    try {
      Deno.statSync(`${path}/${name}`);
    } catch {
      throw new UsageError(`Cannot use --${flag} ${path}: it has no ${name}`);
    }
  }
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
  const benchmark = asUsage(() => getBenchmark(positionals[0] ?? "demo"));
  const data = options.data ??
    (benchmark.defaultData === undefined ? undefined : shippedPath(benchmark.defaultData));
  if (data === undefined) {
    throw new UsageError(`Cannot ${options.verb} ${benchmark.name} without --data DIR`);
  }
  return { benchmark, data };
}
