/** One pair in {@linkcode hardestPairs}. */
export interface HardPair {
  t1: number;
  t2: number;
  score: number;
  /** Image counts of the two templates. */
  images1: number;
  images2: number;
  /** Up to three image paths per template, for thumbnails (may not exist on disk). */
  paths1: string[];
  paths2: string[];
}

/**
 * The pairs that fail first: the `count` lowest-scoring genuine pairs and the `count`
 * highest-scoring impostor pairs, with their template ids, image counts and a few image
 * paths per template. `threshold` is the operating point they are shown against.
 */
export function hardestPairs(
  scores: Float32Array,
  pairs: { t1: Int32Array; t2: Int32Array; labels: Uint8Array },
  templates: { imagesOf(template: number): { count: number; paths: string[] } },
  options: { count?: number } = {},
): { genuine: HardPair[]; impostor: HardPair[] } {
  const count = options.count ?? 8;
  // One pass keeping the `count` most extreme of each label (no sort of millions of pairs).
  const genuine: number[] = [], impostor: number[] = [];
  const keep = (list: number[], i: number, worse: (a: number, b: number) => boolean) => {
    if (list.length === count && !worse(i, list[count - 1]!)) return;
    let k = list.length === count ? count - 1 : list.length;
    while (k > 0 && worse(i, list[k - 1]!)) k--;
    list.splice(k, 0, i);
    if (list.length > count) list.pop();
  };
  for (let i = 0; i < scores.length; i++) {
    if (pairs.labels[i] === 1) keep(genuine, i, (a, b) => scores[a]! < scores[b]!);
    else keep(impostor, i, (a, b) => scores[a]! > scores[b]!);
  }
  const describe = (i: number): HardPair => {
    const a = templates.imagesOf(pairs.t1[i]!), b = templates.imagesOf(pairs.t2[i]!);
    return {
      t1: pairs.t1[i]!,
      t2: pairs.t2[i]!,
      score: scores[i]!,
      images1: a.count,
      images2: b.count,
      paths1: a.paths.slice(0, 3),
      paths2: b.paths.slice(0, 3),
    };
  };
  return {
    genuine: genuine.slice(0, count).map(describe),
    impostor: impostor.slice(0, count).map(describe),
  };
}
