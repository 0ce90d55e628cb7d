import type { MetricsFile } from "../metrics/mod.ts";

/** An input of the gate that cannot be used: `deno task check` exits 2 on it. */
export class GateInputError extends Error {}

/**
 * Reads a `metrics.json` (or the report folder holding one): the only reader of the file.
 *
 * @throws {Error} When the file does not exist.
 * @throws {SyntaxError} When it is not JSON.
 * @throws {TypeError} When it has no `results` list.
 */
export async function readMetrics(path: string): Promise<{ file: MetricsFile; dir: string }> {
  let file = path;
  try {
    if ((await Deno.stat(path)).isDirectory) file = `${path.replace(/\/$/, "")}/metrics.json`;
  } catch { /* reported below */ }
  let text: string;
  try {
    text = await Deno.readTextFile(file);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw new Error(`Cannot find metrics file ${file}`);
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(`Cannot parse ${file} as JSON: ${(error as Error).message}`);
  }
  const metrics = parsed as Partial<MetricsFile>;
  if (typeof metrics !== "object" || metrics === null || !Array.isArray(metrics.results)) {
    throw new TypeError(
      `Cannot use ${file} as metrics.json: field "results" is missing or not a list`,
    );
  }
  const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ".";
  return { file: metrics as MetricsFile, dir };
}

/**
 * Refuses to compare runs of different datasets or protocols: the dataset names, and the
 * protocol sizes recorded in the provenance (those both record), must agree.
 *
 * @throws {GateInputError} Naming the field that differs.
 */
export function assertComparable(baseline: MetricsFile, current: MetricsFile): void {
  if (baseline.dataset !== current.dataset) {
    throw new GateInputError(
      `Cannot compare metrics of different datasets: baseline is "${baseline.dataset}", ` +
        `current is "${current.dataset}"`,
    );
  }
  const a = baseline.provenance?.protocol as Record<string, unknown> | undefined;
  const b = current.provenance?.protocol as Record<string, unknown> | undefined;
  if (a && b) {
    // Keys both record: a folder written before a key was added still compares.
    for (const key of Object.keys(a).filter((k) => k in b)) {
      if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) {
        throw new GateInputError(
          `Cannot compare runs of different protocols: provenance.protocol.${key} is ` +
            `${JSON.stringify(a[key])} in the baseline and ${
              JSON.stringify(b[key])
            } in the current run`,
        );
      }
    }
  }
}
