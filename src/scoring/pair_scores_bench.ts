/**
 * Pair scoring of an IJB-B-sized protocol (12,115 templates × 512, 8,010,270 pairs) in three
 * arrangements: gallery × probe as IJB lists them, 30% of the pairs the other way round,
 * and pairs drawn uniformly over all templates.
 */
import { matrix } from "../features/mod.ts";
import { pairScores } from "./pair_scores.ts";
import { Similarity } from "./similarity.ts";
import { xorshift } from "../core/mod.ts";

const GALLERY = 1_845, PROBES = 10_270, PAIRS = 8_010_270, DIM = 512;
const next = xorshift(99);
const count = GALLERY + PROBES;
const features = matrix(count, DIM, Float32Array.from({ length: count * DIM }, () => next() - 0.5));
const templates = { ids: Int32Array.from({ length: count }, (_, i) => i + 1), features };

function arrangement(kind: "ijb" | "swapped" | "random") {
  const t1 = new Int32Array(PAIRS), t2 = new Int32Array(PAIRS);
  for (let p = 0; p < PAIRS; p++) {
    let a = 1 + Math.floor(next() * GALLERY), b = 1 + GALLERY + Math.floor(next() * PROBES);
    if (kind === "random") a = 1 + Math.floor(next() * count), b = 1 + Math.floor(next() * count);
    if (kind === "swapped" && p % 10 < 3) [a, b] = [b, a];
    t1[p] = a;
    t2[p] = b;
  }
  return { t1, t2, labels: new Uint8Array(PAIRS) };
}

const similarity = await Similarity.create();
for (const kind of ["ijb", "swapped", "random"] as const) {
  const pairs = arrangement(kind);
  Deno.bench({
    group: "pair scores",
    name: `8,010,270 pairs over 12,115 templates, ${kind}`,
    n: 3,
    warmup: 1,
    async fn() {
      await pairScores(templates, pairs, { similarity });
    },
  });
}
