/** Where the subjects of a {@linkcode SubjectIndex} came from. */
export type SubjectSource = "template sets" | "template sets and genuine pairs" | "genuine pairs";

/** The template → subject map of {@linkcode subjectIndex}, with subjects numbered 0 … S−1. */
export interface SubjectIndex {
  /** Number of subjects S. */
  size: number;
  /** Where the subjects came from: the 1:N template sets, the genuine pairs or both. */
  source: SubjectSource;
  /** Dense subject of each template id that appears in a set or a pair. */
  ofTemplate: Map<number, number>;
}

/**
 * Numbers the subjects of a protocol, the unit that the bootstrap resamples.
 *
 * A subject is a connected component of "same person" links: two templates of one set
 * that carry the same subject id, and the two templates of a genuine pair. With the 1:N
 * lists of IJB-B/C (which list every 1:1 template) the subjects are exactly theirs; a
 * protocol without them (a 1:1 list alone) gets one subject per component of genuine
 * pairs, so a template that has no genuine pair is a subject of its own.
 *
 * @param sets Template sets with one subject id per template (galleries, probes).
 * @param pairs Verification pairs (template ids and labels), when there are any.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { subjectIndex } from "./subject_index.ts";
 * const pairs = { t1: new Int32Array([1, 1]), t2: new Int32Array([2, 3]), labels: new Uint8Array([1, 0]) };
 * const index = subjectIndex([], pairs);
 * assert.equal(index.size, 2);
 * assert.equal(index.ofTemplate.get(1), index.ofTemplate.get(2));
 * ```
 */
export function subjectIndex(
  sets: readonly { templateIds: Int32Array; subjectIds: Int32Array }[],
  pairs?: { t1: Int32Array; t2: Int32Array; labels: Uint8Array },
): SubjectIndex {
  const node = new Map<number, number>();
  const parent: number[] = [];
  const nodeOf = (template: number) => {
    let n = node.get(template);
    if (n === undefined) {
      n = parent.length;
      node.set(template, n);
      parent.push(n);
    }
    return n;
  };
  const find = (x: number) => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  const union = (x: number, y: number) => {
    const a = find(x), b = find(y);
    if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
  };
  const anchor = new Map<number, number>();
  for (const set of sets) {
    for (let i = 0; i < set.templateIds.length; i++) {
      const n = nodeOf(set.templateIds[i]!);
      const first = anchor.get(set.subjectIds[i]!);
      if (first === undefined) anchor.set(set.subjectIds[i]!, n);
      else union(first, n);
    }
  }
  const inSets = node.size;
  let fromPairs = false;
  if (pairs) {
    for (let i = 0; i < pairs.labels.length; i++) {
      const a = nodeOf(pairs.t1[i]!), b = nodeOf(pairs.t2[i]!);
      if (pairs.labels[i] === 1) union(a, b);
    }
    fromPairs = node.size > inSets;
  }
  const dense = new Map<number, number>();
  const ofTemplate = new Map<number, number>();
  for (const [template, n] of node) {
    const root = find(n);
    let s = dense.get(root);
    if (s === undefined) {
      s = dense.size;
      dense.set(root, s);
    }
    ofTemplate.set(template, s);
  }
  const source: SubjectSource = !fromPairs
    ? "template sets"
    : inSets > 0
    ? "template sets and genuine pairs"
    : "genuine pairs";
  return { size: dense.size, source, ofTemplate };
}

/** The dense subjects of both templates of every pair, for the verification bootstrap. */
export function pairSubjects(
  index: SubjectIndex,
  pairs: { t1: Int32Array; t2: Int32Array },
): { first: Int32Array; second: Int32Array } {
  const n = pairs.t1.length;
  const first = new Int32Array(n), second = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    first[i] = _subject(index, pairs.t1[i]!);
    second[i] = _subject(index, pairs.t2[i]!);
  }
  return { first, second };
}

function _subject(index: SubjectIndex, template: number): number {
  const s = index.ofTemplate.get(template);
  if (s === undefined) {
    throw new RangeError(
      `Cannot find the subject of template ${template}: it is in no set or pair`,
    );
  }
  return s;
}
