/** Colours of the published fusion names (Tableau 10, as Vega-Lite's default scheme). */
const _BASE_COLORS: Readonly<Record<string, string>> = {
  Average: "#4c78a8",
  InsightFace: "#f58518",
  CAFace: "#e45756",
};

/** Colours handed to other labels, chosen by a hash of the label. */
const _OTHER_COLORS = [
  "#54a24b",
  "#b279a2",
  "#72b7b2",
  "#9d755d",
  "#eeca3b",
  "#ff9da6",
  "#bab0ac",
] as const;

/**
 * The colour of a method label, the same in every chart whatever else is plotted.
 *
 * `Average`, `InsightFace` and `CAFace` have fixed colours (blue, orange, red). A chunked
 * label (`"CAFace (N=8)"`) gets a tint of its method's colour: pale for small N, nearing
 * the method's own colour (the whole template) as N grows to 1024, on a log scale. Any other label gets one of seven further
 * colours by a hash of its text, so two unknown labels may share a colour.
 *
 * @example Usage
 * ```ts
 * import { labelColor } from "./label_color.ts";
 * import assert from "node:assert/strict";
 *
 * assert.equal(labelColor("CAFace"), "#e45756");
 * assert.equal(labelColor("my fusion"), labelColor("my fusion"));
 * ```
 *
 * @param label A label from {@link methodLabel} or any other text.
 * @returns A CSS hex colour `#rrggbb`.
 */
export function labelColor(label: string): string {
  const base = _BASE_COLORS[label];
  if (base !== undefined) return base;
  const chunked = /^(.*) \(N=(\d+)\)$/.exec(label);
  const chunkBase = chunked ? _BASE_COLORS[chunked[1] as string] : undefined;
  if (chunked && chunkBase !== undefined) {
    // Towards white by 0.75 · (1 − log2(N) / 10): N=4 is pale, N=256 nearly the base.
    const t = Math.min(1, Math.max(0, Math.log2(Number(chunked[2])) / 10));
    return _mix(chunkBase, "#ffffff", 0.75 * (1 - t));
  }
  let h = 0;
  for (let i = 0; i < label.length; i++) h = (h * 31 + label.charCodeAt(i)) >>> 0;
  return _OTHER_COLORS[h % _OTHER_COLORS.length] as string;
}

function _mix(a: string, b: string, amount: number): string {
  const ch = (c: string, i: number) => parseInt(c.slice(1 + 2 * i, 3 + 2 * i), 16);
  let out = "#";
  for (let i = 0; i < 3; i++) {
    const v = Math.round(ch(a, i) * (1 - amount) + ch(b, i) * amount);
    out += v.toString(16).padStart(2, "0");
  }
  return out;
}
