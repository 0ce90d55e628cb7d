import { type Benchmark, ijbFiles } from "../src/pipeline/mod.ts";
import { ijbb } from "./ijbb.ts";

/**
 * A small features-level IJB protocol committed under `fixtures/synthetic/` (36 subjects,
 * 102 templates, 797 images with 3 NaN rows), made by `tools/synthetic/make_synthetic.ts`
 * with golden metrics from `tools/synthetic/make_reference.py`. It has no images.
 */
export const synthetic: Benchmark = {
  ...ijbb,
  name: "synthetic",
  title: "Synthetic (features level)",
  layout: { kind: "ijb", files: ijbFiles("synthetic", ["S1", "S2"]) },
  images: false,
  defaultData: "fixtures/synthetic",
  defaultFeatures: "fixtures/synthetic/features.npy",
};
