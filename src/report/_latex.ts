import type { _Align } from "./_markdown.ts";

/** Escapes LaTeX's special characters in plain text. */
export function _escapeLatex(text: string): string {
  return text.replace(
    /[\\&%$#_{}~^]/g,
    (c) =>
      c === "\\"
        ? "\\textbackslash{}"
        : c === "~"
        ? "\\textasciitilde{}"
        : c === "^"
        ? "\\textasciicircum{}"
        : `\\${c}`,
  );
}

/**
 * A booktabs table (`\toprule`, `\midrule`, `\bottomrule`; needs `\usepackage{booktabs}`)
 * as a `tabular` to paste into a paper. Cells are LaTeX already (escape plain text with
 * {@linkcode _escapeLatex}); `note` follows the table as a footnote-size paragraph.
 */
export function _latexTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly _Align[],
  note?: string,
): string {
  const line = (cells: readonly string[]) => cells.join(" & ") + " \\\\";
  return [
    `\\begin{tabular}{${align.map((a) => a === "right" ? "r" : "l").join("")}}`,
    "\\toprule",
    line(header),
    "\\midrule",
    ...rows.map(line),
    "\\bottomrule",
    "\\end{tabular}",
    ...(note ? ["", `{\\footnotesize ${note}}`] : []),
    "",
  ].join("\n");
}
