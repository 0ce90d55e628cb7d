/**
 * Synthetic verification scores with subject structure, for benchmarks: templates, their
 * subjects, genuine and impostor pairs and scores from a normal score model. Deterministic.
 *
 * @module
 */

/** A seeded uniform generator (xorshift32) and a normal one from it (Box–Muller). */
export function _rng(seed: number): { uniform: () => number; normal: () => number } {
  let x = seed >>> 0 || 1;
  const uniform = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return ((x >>> 0) + 0.5) / 4294967296;
  };
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return { uniform, normal };
}

/** The IJB-B shape: 1,845 subjects, 12,115 templates, 10,270 genuine + 8,000,000 impostor pairs. */
export const _IJBB = { subjects: 1845, probes: 10_270, impostors: 8_000_000 } as const;

/**
 * Pairs of an IJB-B-shaped 1:1 protocol: template t < S is subject t's gallery template,
 * probe template S + p belongs to subject p mod S; each probe is compared with its
 * gallery template (genuine) and impostor pairs join random templates of two subjects.
 * Genuine scores ~ N(0.55, 0.15), impostor ~ N(0, 0.08), as float32.
 */
export function _ijbbScores(
  seed = 7,
  shape: { subjects: number; probes: number; impostors: number } = _IJBB,
) {
  const { subjects: S, probes, impostors } = shape;
  const T = S + probes;
  const subjectOf = (t: number) => t < S ? t : (t - S) % S;
  const n = probes + impostors;
  const scores = new Float32Array(n), labels = new Uint8Array(n);
  const first = new Int32Array(n), second = new Int32Array(n);
  const { uniform, normal } = _rng(seed);
  for (let p = 0; p < probes; p++) {
    labels[p] = 1;
    first[p] = second[p] = subjectOf(S + p);
    scores[p] = 0.55 + 0.15 * normal();
  }
  for (let i = probes; i < n;) {
    const a = subjectOf(Math.floor(uniform() * T)), b = subjectOf(Math.floor(uniform() * T));
    if (a === b) continue;
    first[i] = a;
    second[i] = b;
    scores[i++] = 0.08 * normal();
  }
  return { scores, labels, subjects: { first, second, count: S } };
}
