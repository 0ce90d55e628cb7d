import { type Benchmark, ijbFiles } from "../src/pipeline/mod.ts";
import { ijbb } from "./ijbb.ts";

/** IJB-C: 469,375 images, 23,124 templates, 15,658,489 pairs, galleries G1/G2. */
export const ijbc: Benchmark = {
  ...ijbb,
  name: "ijbc",
  title: "IJB-C",
  layout: { kind: "ijb", files: ijbFiles("ijbc", ["G1", "G2"]) },
};
