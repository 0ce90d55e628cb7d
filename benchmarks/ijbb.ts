import { type Benchmark, ijbFiles } from "../src/pipeline/mod.ts";

/**
 * IJB-B: 227,630 images, 12,115 templates, 8,010,270 pairs, galleries S1/S2, in the
 * insightface layout (docs/ijb-layout.md). One verification split and one identification
 * split; TPIR@FPIR by the official insightface 1:N rule unless `--open-set-rule` says.
 */
export const ijbb: Benchmark = {
  name: "ijbb",
  title: "IJB-B",
  layout: { kind: "ijb", files: ijbFiles("ijbb", ["S1", "S2"]) },
  tasks: ["verification", "identification"],
  fusions: ["insightface", "average", "caface"],
  defaultFusions: ["insightface", "average"],
  openSetRules: ["insightface-1n", "ijb-evals", "ijbs"],
  table: "ijb",
  images: true,
};
