import { type Benchmark, ijbFiles } from "../src/pipeline/mod.ts";
import { ijbb } from "./ijbb.ts";

/**
 * The embedded default: 55 real public-domain photos of 5 people in the IJB layout
 * (`fixtures/johns/`): one clean gallery photo per person, probe templates of five degraded
 * photos in several media, landmarks from the harness's own detector. Features are
 * extracted on the fly with faceplugin's MobileFaceNet backbone (`models/faceplugin/`).
 */
export const demo: Benchmark = {
  ...ijbb,
  name: "demo",
  title: "Demo (55 real faces)",
  layout: { kind: "ijb", files: ijbFiles("demo", ["S1", "S2"]) },
  defaultData: "fixtures/johns",
};
