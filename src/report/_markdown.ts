/** Column alignment in a markdown table. */
export type _Align = "left" | "right";

/**
 * A markdown pipe table whose pipes line up in a monospace font.
 *
 * A `|` in a cell is escaped as `\|` and line breaks become spaces. Widths count UTF-16
 * code units, which is right for the ASCII, "–" and "▼" cells the report writes.
 */
export function _markdownTable(
  rawHeader: readonly string[],
  rawRows: readonly (readonly string[])[],
  align: readonly _Align[],
): string {
  const clean = (cell: string) => cell.replace(/\r?\n/g, " ").replaceAll("|", "\\|");
  const header = rawHeader.map(clean);
  const rows = rawRows.map((r) => r.map(clean));
  const widths = header.map((h, c) =>
    Math.max(3, h.length, ...rows.map((r) => (r[c] ?? "").length))
  );
  const line = (cells: readonly string[]) =>
    "| " +
    widths.map((w, c) => {
      const cell = cells[c] ?? "";
      return align[c] === "right" ? cell.padStart(w) : cell.padEnd(w);
    }).join(" | ") +
    " |";
  const rule = "|" +
    widths.map((w, c) => align[c] === "right" ? "-".repeat(w + 1) + ":" : ":" + "-".repeat(w + 1))
      .join("|") +
    "|";
  return [line(header), rule, ...rows.map(line)].join("\n") + "\n";
}
