import type { Benchmark } from "../src/pipeline/mod.ts";
import { writeIjbsCafaceInputs } from "../tools/caface/ijbs_inputs.ts";

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
  // 512-D features and style derived bit for bit from the fixture, and the seeded random
  // CAFace model of fixtures/caface (the inputs of fixtures/ijbs/caface/'s PyTorch reference).
  cafaceDemo: { dir: "reports/cache/ijbs-demo-caface", prepare: _prepareCafaceDemo },
};

/** Writes the derived inputs once: into a temporary folder, renamed into place when done. */
async function _prepareCafaceDemo(dir: string): Promise<void> {
  try {
    await Deno.stat(`${dir}/model/aggregate.onnx`);
    return;
  } catch { /* write them */ }
  const parent = dir.slice(0, dir.lastIndexOf("/"));
  await Deno.mkdir(parent, { recursive: true });
  const tmp = await Deno.makeTempDir({ dir: parent, prefix: ".ijbs-demo-caface-" });
  try {
    await writeIjbsCafaceInputs(tmp);
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    await Deno.rename(tmp, dir);
  } catch (error) {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
    throw error;
  }
}
