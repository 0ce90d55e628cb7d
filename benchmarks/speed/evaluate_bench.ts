/**
 * IJB-B-sized speed benchmark: features → TAR@FAR table (load, fuse, score, ROC), with the
 * pairs as generated, with 30% of them listed the other way round, and with the impostors
 * drawn over all templates (pair scoring must not depend on the arrangement).
 * The synthetic data is written once to $TMPDIR/caface-harness-ijbb (≈600 MB) and reused;
 * benchmarks/reference/ijb_numpy.py times the numpy/sklearn reference on the same files.
 */
import { openNpy } from "../../src/features/mod.ts";
import { averageFusion } from "../../src/fusion/mod.ts";
import { rocCurve, tarAtFar } from "../../src/metrics/mod.ts";
import { groupTemplates, loadImageTable, loadPairs } from "../../src/protocol/mod.ts";
import { pairScores } from "../../src/scoring/mod.ts";
import { syntheticIjb, syntheticPairVariant } from "../../tools/synthetic/ijb_layout.ts";

const base = await syntheticIjb(`${Deno.env.get("TMPDIR") ?? "/tmp"}/caface-harness-ijbb`);
const dirs = {
  "as generated": base,
  "30% swapped": await syntheticPairVariant(base, "swapped"),
  "random pairs": await syntheticPairVariant(base, "random"),
};

for (const [arrangement, dir] of Object.entries(dirs)) {
  Deno.bench({
    group: "ijbb",
    name: `IJB-B 1:1, average fusion, ${arrangement}: load + fuse + score 8M pairs + ROC + TAR`,
    n: 3,
    warmup: 1,
    async fn() {
      const images = await loadImageTable(
        `${dir}/meta/ijbb_face_tid_mid.txt`,
        `${dir}/meta/ijbb_name_5pts_score.txt`,
      );
      const pairs = await loadPairs(`${dir}/meta/ijbb_template_pair_label.txt`);
      const templates = groupTemplates(images.templateIds);
      const features = await openNpy(`${dir}/features.npy`);
      const fused = await averageFusion().fuse({ features, templates, mediaIds: images.mediaIds });
      features.close();
      const scores = await pairScores({ ids: templates.ids, features: fused.features }, pairs);
      const tars = tarAtFar(rocCurve(scores, pairs.labels));
      if (!(tars[5]! > 0)) throw new Error("unexpected TAR");
    },
  });
}
