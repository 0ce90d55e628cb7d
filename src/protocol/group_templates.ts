import type { Templates } from "./types.ts";

/**
 * Groups image rows by template id into CSR form: templates in ascending id order, and each
 * template's rows in file order (docs/fusion.md, step 1). Sorts the unique ids once
 * (O(n log n)) and places rows by counting.
 *
 * An empty input gives no templates and `offsets = [0]`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { groupTemplates } from "./group_templates.ts";
 * const t = groupTemplates(Int32Array.from([7, 3, 7, 3, 5]));
 * assert.deepEqual([...t.ids], [3, 5, 7]);
 * assert.deepEqual([...t.offsets], [0, 2, 3, 5]);
 * assert.deepEqual([...t.rows], [1, 3, 4, 0, 2]);
 * ```
 */
export function groupTemplates(templateIds: Int32Array): Templates {
  const n = templateIds.length;
  const ids = Int32Array.from(new Set(templateIds)).sort();
  const slot = new Map<number, number>();
  for (let t = 0; t < ids.length; t++) slot.set(ids[t] as number, t);
  const of = new Uint32Array(n);
  const offsets = new Uint32Array(ids.length + 1);
  for (let i = 0; i < n; i++) {
    const t = slot.get(templateIds[i] as number) as number;
    of[i] = t;
    offsets[t + 1]!++;
  }
  for (let t = 0; t < ids.length; t++) offsets[t + 1]! += offsets[t] as number;
  const next = offsets.slice(0, ids.length);
  const rows = new Uint32Array(n);
  for (let i = 0; i < n; i++) rows[next[of[i] as number]!++] = i;
  return { ids, offsets, rows };
}
