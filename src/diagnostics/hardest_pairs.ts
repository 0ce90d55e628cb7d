/** One pair in {@linkcode hardestPairs}. */
export interface HardPair {
  t1: number;
  t2: number;
  score: number;
  /** Image counts of the two templates. */
  images1: number;
  images2: number;
}

/**
 * The pairs that fail first: the `count` lowest-scoring genuine pairs and the `count`
 * highest-scoring impostor pairs, with their template ids and image counts (`sizeOf`).
 * One pass over the scores; ties keep the earlier pair.
 */
export function hardestPairs(
  scores: Float32Array,
  pairs: { t1: Int32Array; t2: Int32Array; labels: Uint8Array },
  sizeOf: (template: number) => number,
  options: { count?: number } = {},
): { genuine: HardPair[]; impostor: HardPair[] } {
  const count = options.count ?? 8;
  const genuine: number[] = [], impostor: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    if (pairs.labels[i] === 1) _keep(genuine, count, i, (a, b) => scores[a]! < scores[b]!);
    else _keep(impostor, count, i, (a, b) => scores[a]! > scores[b]!);
  }
  const describe = (i: number): HardPair => ({
    t1: pairs.t1[i]!,
    t2: pairs.t2[i]!,
    score: scores[i]!,
    images1: sizeOf(pairs.t1[i]!),
    images2: sizeOf(pairs.t2[i]!),
  });
  return { genuine: genuine.map(describe), impostor: impostor.map(describe) };
}

/** Keeps the `count` "worst" indices seen so far in `list`, worst first (no full sort). */
export function _keep(
  list: number[],
  count: number,
  i: number,
  worse: (a: number, b: number) => boolean,
): void {
  if (count <= 0 || (list.length === count && !worse(i, list[count - 1]!))) return;
  let k = list.length === count ? count - 1 : list.length;
  while (k > 0 && worse(i, list[k - 1]!)) k--;
  list.splice(k, 0, i);
  if (list.length > count) list.pop();
}
