import { type Benchmark, ijbFiles } from "../src/pipeline/benchmark.ts";

/** IJB-B: 227,630 images, 12,115 templates, 8,010,270 pairs, galleries S1/S2. */
export const ijbb: Benchmark = {
  name: "ijbb",
  title: "IJB-B",
  files: ijbFiles("ijbb", ["S1", "S2"]),
  tasks: ["verification", "identification"],
  openSetRule: "insightface-1n",
};
