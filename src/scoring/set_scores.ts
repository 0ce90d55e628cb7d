import { type Matrix, matrix } from "../features/mod.ts";
import type { TemplateSet } from "../protocol/mod.ts";
import { gather } from "./pair_scores.ts";
import { Similarity } from "./similarity.ts";
import { TemplateIndex } from "./template_index.ts";

/**
 * The 1:N score matrix `probes × gallery` of dot products between L2-normalised template
 * vectors (docs/identification.md), with one Gemm.
 */
export async function setScores(
  templates: { ids: Int32Array; features: Matrix },
  sets: { probe: TemplateSet; gallery: TemplateSet },
  options: {
    similarity?: Similarity;
    /** Buffer for the scores (at least probes × gallery floats), reused across blocks. */
    into?: Float32Array;
  } = {},
): Promise<Matrix> {
  const index = new TemplateIndex(templates.ids);
  const probes = gather(templates.features, index.rows(sets.probe.templateIds, sets.probe.name));
  const gallery = gather(
    templates.features,
    index.rows(sets.gallery.templateIds, sets.gallery.name),
  );
  const similarity = options.similarity ?? await Similarity.create();
  try {
    return matrix(
      probes.rows,
      gallery.rows,
      await similarity.scores(probes, gallery, options.into),
    );
  } finally {
    if (options.similarity === undefined) await similarity.release();
  }
}
