import type { Benchmark } from "../src/pipeline/mod.ts";
import { demo } from "./demo.ts";
import { ijbb } from "./ijbb.ts";
import { ijbc } from "./ijbc.ts";
import { ijbs, ijbsDemo } from "./ijbs.ts";
import { synthetic } from "./synthetic.ts";

/** Every benchmark the harness can run, by name. */
export const BENCHMARKS = { demo, ijbb, ijbc, ijbs, "ijbs-demo": ijbsDemo, synthetic } as const;
/** A key of {@linkcode BENCHMARKS}. */
export type BenchmarkName = keyof typeof BENCHMARKS;

/** Looks up a benchmark, listing the choices when the name is unknown. */
export function getBenchmark(name: string): Benchmark {
  if (Object.hasOwn(BENCHMARKS, name)) return BENCHMARKS[name as BenchmarkName];
  const names = Object.keys(BENCHMARKS).map((n) => `"${n}"`).join(", ");
  throw new RangeError(`Cannot find benchmark "${name}": available are ${names}`);
}
