import { FAR_TARGETS, type FusionResult } from "../metrics/mod.ts";
import { _percent } from "./_format.ts";
import { _markdownTable } from "./_markdown.ts";
import { methodLabel } from "./method_label.ts";

/**
 * The IJB-B/C verification table in the paper's layout (TAR@FAR 1e-6 … 1e-1 in percent,
 * one row per fusion and chunk). With `published(label, farKey)`, each cell also shows
 * the published value and the difference, or "(—)" where none is known.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { verificationPaperTable } from "./verification_paper_table.ts";
 * const v = { pairs: 2, genuine: 1, impostor: 1, auc: 1,
 *   tar_at_far: { "1e-6": 0.5, "1e-5": 0.5, "1e-4": 0.5, "1e-3": 0.5, "1e-2": 0.5, "1e-1": 0.9 } };
 * const text = verificationPaperTable([{ fusion: "average", chunk: null, verification: v }], {
 *   published: (_label, far) => far === "1e-1" ? 91.5 : undefined,
 * });
 * assert.ok(text.includes("90.00 (91.50, −1.50)"));
 * assert.ok(text.includes("50.00 (—)"));
 * ```
 */
export function verificationPaperTable(
  results: readonly FusionResult[],
  options: { published?: (label: string, far: string) => number | undefined } = {},
): string {
  const header = ["Method", ...FAR_TARGETS.map(([key]) => `TAR@FAR=${key}`)];
  const rows = results.filter((r) => r.verification && r.protocol === undefined).map((r) => {
    const label = methodLabel(r.fusion, r.chunk);
    return [
      label,
      ...FAR_TARGETS.map(([key]) => {
        const value = r.verification!.tar_at_far[key];
        let cell = value === undefined || Number.isNaN(value) ? "—" : _percent(value);
        if (options.published) {
          const p = options.published(label, key);
          cell += p === undefined
            ? " (—)"
            : value === undefined
            ? ` (${p.toFixed(2)})`
            : ` (${p.toFixed(2)}, ${_signed(value * 100 - p)})`;
        }
        return cell;
      }),
    ];
  });
  return _markdownTable(header, rows, header.map((_, i) => i === 0 ? "left" : "right"));
}

function _signed(x: number): string {
  const text = Math.abs(x).toFixed(2);
  return text === "0.00" ? "±0.00" : `${x < 0 ? "−" : "+"}${text}`;
}
