/**
 * Test-only loader for `fixtures/metrics/reference.json`, the golden values written by
 * `tools/metrics/make_reference.py` (numpy 1.24 + scikit-learn 1.2.1).
 *
 * @module
 */

import { type Matrix, matrix } from "../features/mod.ts";

interface _Encoded {
  dtype: "f4" | "f8" | "u1" | "i4";
  b64: string;
}

type _Num = number | "NaN";

interface _RawRoc {
  name: string;
  scores: _Encoded;
  labels: _Encoded;
  genuine: number;
  impostor: number;
  points: number;
  fars: number[];
  tar_at_far: _Num[];
  tar_at_far_without_drop?: _Num[];
  auc: _Num;
  first_threshold: number;
  last_threshold: number;
  fpr?: _Encoded;
  tpr?: _Encoded;
  thresholds?: _Encoded;
}

interface _RawId {
  name: string;
  rows: number;
  cols: number;
  scores: _Encoded;
  probe: _Encoded;
  gallery: _Encoded;
  max_rank: number;
  cmc_probes: number;
  cmc: _Num[];
  fpirs: number[];
  tpir_ijb: _Num[];
  tpir_ijbs: _Num[];
}

/** A long curve `fpr = i/(n-1)`, `tpr = (i·7919 mod 10007)/10007` and its sklearn AUC, both ways. */
export interface AucCase {
  name: string;
  n: number;
  auc: number;
  auc_reversed: number;
}

/** A decoded verification case. */
export interface RocCase {
  name: string;
  scores: Float32Array | Float64Array;
  labels: Uint8Array;
  genuine: number;
  impostor: number;
  points: number;
  fars: number[];
  tarAtFar: number[];
  tarAtFarWithoutDrop?: number[];
  auc: number;
  firstThreshold: number;
  lastThreshold: number;
  full?: { fpr: Float64Array; tpr: Float64Array; thresholds: Float64Array };
}

/** A decoded identification case. */
export interface IdCase {
  name: string;
  scores: Matrix;
  subjects: { probe: Int32Array; gallery: Int32Array };
  maxRank: number;
  cmcProbes: number;
  cmc: number[];
  fpirs: number[];
  tpirIjb: number[];
  tpirIjbs: number[];
}

function _bytes(e: _Encoded): ArrayBuffer {
  const text = atob(e.b64);
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out.buffer;
}

function _f64(e: _Encoded): Float64Array {
  if (e.dtype !== "f8") throw new TypeError(`Expected f8, found ${e.dtype}`);
  return new Float64Array(_bytes(e));
}

function _num(x: _Num): number {
  return x === "NaN" ? NaN : x;
}

/** Reads and decodes the reference fixture. */
export async function loadReference(): Promise<{ roc: RocCase[]; id: IdCase[]; auc: AucCase[] }> {
  const url = new URL("../../fixtures/metrics/reference.json", import.meta.url);
  const raw = JSON.parse(await Deno.readTextFile(url)) as {
    roc: _RawRoc[];
    identification: _RawId[];
    auc: AucCase[];
  };
  const roc = raw.roc.map((c): RocCase => ({
    name: c.name,
    scores: c.scores.dtype === "f4"
      ? new Float32Array(_bytes(c.scores))
      : new Float64Array(_bytes(c.scores)),
    labels: new Uint8Array(_bytes(c.labels)),
    genuine: c.genuine,
    impostor: c.impostor,
    points: c.points,
    fars: c.fars,
    tarAtFar: c.tar_at_far.map(_num),
    tarAtFarWithoutDrop: c.tar_at_far_without_drop?.map(_num),
    auc: _num(c.auc),
    firstThreshold: c.first_threshold,
    lastThreshold: c.last_threshold,
    full: c.fpr && c.tpr && c.thresholds
      ? { fpr: _f64(c.fpr), tpr: _f64(c.tpr), thresholds: _f64(c.thresholds) }
      : undefined,
  }));
  const id = raw.identification.map((c): IdCase => ({
    name: c.name,
    scores: matrix(c.rows, c.cols, new Float32Array(_bytes(c.scores))),
    subjects: {
      probe: new Int32Array(_bytes(c.probe)),
      gallery: new Int32Array(_bytes(c.gallery)),
    },
    maxRank: c.max_rank,
    cmcProbes: c.cmc_probes,
    cmc: c.cmc.map(_num),
    fpirs: c.fpirs,
    tpirIjb: c.tpir_ijb.map(_num),
    tpirIjbs: c.tpir_ijbs.map(_num),
  }));
  return { roc, id, auc: raw.auc };
}

/** Equality for golden floats: NaN equals NaN, and -0 equals +0 (see `rocCurve`). */
export function same(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** Index of the first element where the arrays differ by {@linkcode same}, or -1. */
export function firstDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (!same(a[i]!, b[i]!)) return i;
  return -1;
}
