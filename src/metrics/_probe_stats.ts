import type { Matrix } from "../features/mod.ts";

/** The subject of each probe (matrix row) and of each gallery template (matrix column). */
export interface Subjects {
  /** Subject id of each probe, one per row of the score matrix. */
  probe: Int32Array;
  /** Subject id of each gallery template, one per column of the score matrix. */
  gallery: Int32Array;
}

/** What the identification metrics need to know about each probe. */
export interface _ProbeStats {
  /** 1 when the probe's subject has at least one gallery template. */
  mated: Uint8Array;
  /** Best score over the probe's mate templates (NaN for a non-mated probe). */
  mate: Float64Array;
  /** Gallery column of that best mate (−1 for a non-mated probe; the first of tied mates). */
  mateColumn: Int32Array;
  /** Best score over the other templates; -Infinity when there are none. */
  nonMateMax: Float64Array;
  /** 1 + number of non-mate scores ≥ the mate score (0 for a non-mated probe). */
  rank: Int32Array;
}

/**
 * One pass over the score matrix. The rank counts ties against the probe: a non-mate
 * scoring exactly the mate score ranks ahead of it.
 */
export function _probeStats(scores: Matrix, subjects: Subjects, what: string): _ProbeStats {
  const { probe, gallery } = subjects;
  if (!(probe instanceof Int32Array) || !(gallery instanceof Int32Array)) {
    throw new TypeError(`Cannot compute ${what} from subject ids that are not Int32Array`);
  }
  if (scores.rows !== probe.length || scores.dim !== gallery.length) {
    throw new TypeError(
      `Cannot compute ${what} from a ${scores.rows}×${scores.dim} score matrix with ` +
        `${probe.length} probe and ${gallery.length} gallery subjects: expected one row per ` +
        `probe and one column per gallery template`,
    );
  }
  const columnsOf = new Map<number, number[]>();
  for (let c = 0; c < gallery.length; c++) {
    const list = columnsOf.get(gallery[c]!);
    if (list === undefined) columnsOf.set(gallery[c]!, [c]);
    else list.push(c);
  }
  const rows = scores.rows, cols = scores.dim, data = scores.data;
  const mated = new Uint8Array(rows);
  const mate = new Float64Array(rows).fill(NaN);
  const mateColumn = new Int32Array(rows).fill(-1);
  const nonMateMax = new Float64Array(rows);
  const rank = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    const subject = probe[i]!;
    const mates = columnsOf.get(subject);
    const base = i * cols;
    let best = -Infinity;
    if (mates !== undefined) {
      for (const c of mates) {
        if (data[base + c]! > best) {
          best = data[base + c]!;
          mateColumn[i] = c;
        }
      }
      mated[i] = 1;
      mate[i] = best;
    }
    let top = -Infinity, ahead = 0;
    for (let c = 0; c < cols; c++) {
      const s = data[base + c]!;
      if (s !== s) {
        throw new RangeError(
          `Cannot compute ${what} as the score of probe ${i} against gallery template ${c} ` +
            `is NaN: expected finite scores`,
        );
      }
      if (gallery[c] === subject) continue;
      if (s > top) top = s;
      if (s >= best) ahead++;
    }
    nonMateMax[i] = top;
    if (mates !== undefined) rank[i] = 1 + ahead;
  }
  return { mated, mate, mateColumn, nonMateMax, rank };
}
