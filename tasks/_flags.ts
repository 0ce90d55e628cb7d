/**
 * `parseArgs` (node:util) with messages that help: an unknown flag names the nearest known
 * one ("unknown option --fusoin; did you mean --fusion?"), and every parse error is a
 * {@linkcode UsageError} (exit code 2).
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./_usage_error.ts";

/**
 * Parses `args` strictly against `options`, always with `--help`/`-h` and positionals.
 *
 * @example
 * ```ts
 * import { throws } from "node:assert/strict";
 * import { parseFlags } from "./_flags.ts";
 * throws(
 *   () => parseFlags(["--fusoin", "average"], { fusion: { type: "string" } }),
 *   /unknown option --fusoin; did you mean --fusion\?/,
 * );
 * ```
 */
export function parseFlags<O extends NonNullable<ParseArgsConfig["options"]>>(
  args: readonly string[],
  options: O,
  settings: { positionals?: boolean } = {},
) {
  const all = { ...options, help: { type: "boolean", short: "h", default: false } } as const;
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: all, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageFromParseError(error, Object.keys(all));
  }
  if (
    settings.positionals === false && parsed.positionals.length > 0 &&
    !(parsed.values as { help?: boolean }).help
  ) {
    throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
  }
  return parsed;
}

/** Turns a node:util parseArgs error into a one-line {@linkcode UsageError}. */
export function usageFromParseError(error: unknown, known: readonly string[] = []): unknown {
  const code = String((error as { code?: string })?.code ?? "");
  if (!(error instanceof Error) || !code.startsWith("ERR_PARSE_ARGS")) return error;
  const unknown = /Unknown option '([^']+)'/.exec(error.message)?.[1];
  if (unknown !== undefined) {
    const near = nearest(unknown.replace(/^-+/, "").split("=")[0]!, known);
    return new UsageError(
      `unknown option ${unknown}${near === undefined ? "" : `; did you mean --${near}?`}`,
    );
  }
  const missing = /Option '([^']+?)(?: <value>)?' argument missing/.exec(error.message)?.[1];
  if (missing !== undefined) return new UsageError(`option ${missing} needs a value`);
  const flag = /Option '([^']+?)' does not take an argument/.exec(error.message)?.[1];
  if (flag !== undefined) return new UsageError(`option ${flag} takes no value`);
  return new UsageError(error.message.split(". ")[0]!);
}

/** The known name closest to `name` by edit distance, when close enough to be a typo. */
export function nearest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined, bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) best = candidate, bestDistance = d;
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

/** Levenshtein distance, with a transposition of neighbours counting as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => {
    const row = new Array<number>(b.length + 1).fill(0);
    row[0] = i;
    return row;
  });
  for (let j = 0; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      }
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
