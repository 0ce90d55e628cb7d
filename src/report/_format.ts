import type { Interval } from "../metrics/mod.ts";

/** A fraction printed as a percentage with exactly 2 decimals: 0.123456 → "12.35". */
export function _percent(value: number): string {
  return (value * 100).toFixed(2);
}

/** Appends an interval to a formatted cell: `± half-width` or `[lo, hi]`, in points. */
export function _withCi(
  cell: string | undefined,
  ci: Interval | undefined | null,
  style: "pm" | "interval" | "none",
): string | undefined {
  if (cell === undefined || style === "none" || !ci) return cell;
  const [lo, hi] = ci;
  if (typeof lo !== "number" || typeof hi !== "number" || !(hi >= lo)) return cell;
  return style === "pm"
    ? `${cell} ± ${((hi - lo) * 50).toFixed(2)}`
    : `${cell} [${_percent(lo)}, ${_percent(hi)}]`;
}
