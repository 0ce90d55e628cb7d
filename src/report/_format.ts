/** A fraction printed as a percentage with exactly 2 decimals: 0.123456 → "12.35". */
export function _percent(value: number): string {
  return (value * 100).toFixed(2);
}
