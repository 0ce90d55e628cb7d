import { colorScale, dashScale, shapeScale } from "../report/mod.ts";

type _Json = unknown;

/**
 * Overlays Vega-Lite specs of the same kind (the `roc`, `cmc` or `scores` chart of several
 * report folders): the first spec is kept, and every inline `data.values` list becomes the
 * concatenation of the same list in every spec, with each row's `label` prefixed by its
 * run's name (`"r100: Average"`). Colour scales are rebuilt over the new labels. Lists
 * without a `label` field (the FAR rules) are taken from the first spec alone.
 *
 * @param specs One parsed spec per run, same chart kind.
 * @param runs The run names, parallel to `specs`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { overlaySpec } from "./overlay_spec.ts";
 * const spec = (tar: number) => ({ data: { values: [{ label: "Average", tar }] } });
 * const merged = overlaySpec([spec(0.9), spec(0.8)], ["a", "b"]) as {
 *   data: { values: { label: string }[] };
 * };
 * assert.deepEqual(merged.data.values.map((v) => v.label), ["a: Average", "b: Average"]);
 * ```
 */
export function overlaySpec(specs: readonly _Json[], runs: readonly string[]): _Json {
  if (specs.length === 0 || specs.length !== runs.length) {
    throw new TypeError(`Cannot overlay ${specs.length} charts of ${runs.length} runs`);
  }
  const labels: string[] = [];
  const merge = (nodes: readonly _Json[]): _Json => {
    const first = nodes[0];
    if (Array.isArray(first)) {
      return first.map((_, i) => merge(nodes.map((n) => (Array.isArray(n) ? n[i] : undefined))));
    }
    if (typeof first !== "object" || first === null) return first;
    const out: Record<string, _Json> = {};
    for (const [key, value] of Object.entries(first)) {
      const others = nodes.map((n) => (n as Record<string, _Json> | undefined)?.[key]);
      if (key === "values" && Array.isArray(value) && _labelled(value)) {
        out[key] = others.flatMap((list, r) =>
          Array.isArray(list)
            ? list.map((row) => {
              const label = `${runs[r]}: ${(row as { label: string }).label}`;
              labels.push(label);
              return { ...(row as object), label };
            })
            : []
        );
      } else out[key] = merge(others);
    }
    return out;
  };
  const merged = merge(specs);
  const domain = [...new Set(labels)];
  // Each channel keyed by label gets a scale over the new labels: colours, dashes, shapes.
  const rescale = (node: _Json, channel?: string): void => {
    if (Array.isArray(node)) return node.forEach((n) => rescale(n));
    if (typeof node !== "object" || node === null) return;
    const n = node as Record<string, _Json>;
    const scale = n.scale as Record<string, _Json> | undefined;
    if (n.field === "label" && scale && Array.isArray(scale.domain)) {
      const rebuilt = channel === "strokeDash"
        ? dashScale(domain)
        : channel === "shape"
        ? shapeScale(domain)
        : colorScale(domain);
      scale.domain = rebuilt.domain;
      scale.range = rebuilt.range;
    }
    for (const [key, value] of Object.entries(n)) rescale(value, key);
  };
  rescale(merged);
  return merged;
}

function _labelled(rows: readonly unknown[]): boolean {
  return rows.length > 0 && typeof (rows[0] as { label?: unknown }).label === "string";
}
