import { type Benchmark, ijbFiles } from "../src/pipeline/benchmark.ts";
import { ijbb } from "./ijbb.ts";

/**
 * The embedded default: a small IJB-layout protocol committed under `fixtures/demo/`, with
 * precomputed features (see `fixtures/demo/make_demo.ts`).
 */
export const demo: Benchmark = {
  ...ijbb,
  name: "demo",
  title: "Demo (embedded)",
  files: ijbFiles("demo", ["S1", "S2"]),
  defaultData: "fixtures/demo",
  defaultFeatures: "fixtures/demo/features.npy",
};
