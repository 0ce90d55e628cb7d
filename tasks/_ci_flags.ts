/** The interval flags of `deno task eval`: --ci, --no-ci, --bootstrap, --seed, --ci-format. */
import type { CiSettings } from "../src/pipeline/_ci_context.ts";
import { UsageError } from "./_cli.ts";

/** Parses the interval flags; `settings` is undefined with --no-ci. */
export function ciFlags(values: {
  ci?: boolean;
  "no-ci"?: boolean;
  bootstrap?: string;
  seed?: string;
  "ci-format"?: string;
}): { settings?: CiSettings; format: "pm" | "interval" } {
  if (values.ci && values["no-ci"]) throw new UsageError("Cannot use --ci with --no-ci");
  const resamples = Number(values.bootstrap ?? "1000");
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new UsageError(`Cannot use --bootstrap ${values.bootstrap}: expected a whole number ≥ 1`);
  }
  const seed = Number(values.seed ?? "1");
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new UsageError(`Cannot use --seed ${values.seed}: expected an integer in [0, 2^32)`);
  }
  const format = values["ci-format"] ?? "pm";
  if (format !== "pm" && format !== "interval") {
    throw new UsageError(`Cannot use --ci-format ${format}: available are "pm", "interval"`);
  }
  if (values["no-ci"]) return { format };
  return { settings: { resamples, seed, auto: !values.ci }, format };
}
