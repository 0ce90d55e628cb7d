import { type Benchmark, ijbFiles } from "../src/pipeline/benchmark.ts";
import { ijbb } from "./ijbb.ts";

/**
 * A small features-level IJB protocol committed under `fixtures/synthetic/` (36 subjects,
 * 102 templates, 797 images with 3 NaN rows), made by `tools/synthetic/make_synthetic.ts`
 * with golden metrics from `tools/synthetic/make_reference.py`.
 */
export const synthetic: Benchmark = {
  ...ijbb,
  name: "synthetic",
  title: "Synthetic (features level)",
  files: ijbFiles("synthetic", ["S1", "S2"]),
  defaultData: "fixtures/synthetic",
  defaultFeatures: "fixtures/synthetic/features.npy",
};
