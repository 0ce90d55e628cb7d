import type { Benchmark } from "../src/pipeline/mod.ts";

/**
 * IJB-S surveillance video (the cs6 protocols): about 3,800 (subject, video) probe
 * templates in 398 videos, three identification splits (Surveillance-to-Single, -to-Booking,
 * -to-Surveillance) over galleries G1/G2, AdaFace's open-set rule. Images are aligned crops,
 * resized rather than warped; there are no media ids, so no insightface fusion. Layout:
 * docs/ijbs.md.
 */
export const ijbs: Benchmark = {
  name: "ijbs",
  title: "IJB-S",
  layout: { kind: "ijbs" },
  tasks: ["identification"],
  fusions: ["average", "caface"],
  defaultFusions: ["average"],
  openSetRules: ["ijbs"],
  table: "ijbs",
  images: true,
};

/**
 * The committed synthetic IJB-S fixture (`fixtures/ijbs/`, features level, no images): 29
 * subjects, 16 videos with 1 to 2,000 frames, several subjects per video, galleries for the
 * three protocols, reference metrics from `tools/make_ijbs_fixture.py`.
 */
export const ijbsDemo: Benchmark = {
  ...ijbs,
  name: "ijbs-demo",
  title: "IJB-S demo (synthetic, features level)",
  images: false,
  defaultData: "fixtures/ijbs",
  defaultFeatures: "fixtures/ijbs/features.npy",
};
