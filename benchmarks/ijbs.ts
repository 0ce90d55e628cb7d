import type { IjbsBenchmark } from "../src/pipeline/benchmark.ts";

/**
 * IJB-S surveillance video (the cs6 protocols): about 3,800 (subject, video) probe
 * templates in 398 videos, three protocols (Surveillance-to-Single, -to-Booking,
 * -to-Surveillance), galleries G1/G2, AdaFace's open-set rule. Layout: docs/ijbs.md.
 */
export const ijbs: IjbsBenchmark = {
  layout: "ijbs",
  name: "ijbs",
  title: "IJB-S",
  openSetRule: "ijbs",
};

/**
 * The committed synthetic IJB-S fixture (`fixtures/ijbs/`, features level): 29 subjects,
 * 16 videos with 1 to 2,000 frames, several subjects per video, galleries for the three
 * protocols, reference metrics from `tools/make_ijbs_fixture.py`.
 */
export const ijbsDemo: IjbsBenchmark = {
  ...ijbs,
  name: "ijbs-demo",
  title: "IJB-S demo (synthetic, features level)",
  defaultData: "fixtures/ijbs",
  defaultFeatures: "fixtures/ijbs/features.npy",
};
