import { _escapeHtml } from "./_escape.ts";

/** Options of {@link _markdownTableToHtml}. */
export interface _MarkdownHtmlOptions {
  /** Bold the largest number of each right-aligned column. */
  highlightBest: boolean;
}

/**
 * An HTML `<table>` from a markdown pipe table as `resultTable()` and `deltaTable()`
 * write it: header row, alignment row (`:--` / `--:`), body rows; `\|` is a literal pipe.
 * Lines that do not start with `|` are ignored. Every cell is HTML-escaped.
 */
export function _markdownTableToHtml(markdown: string, options: _MarkdownHtmlOptions): string {
  const lines = markdown.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.startsWith("|"));
  const [head, rule, ...body] = lines.map(_cells);
  if (head === undefined || rule === undefined || !rule.every((c) => /^:?-+:?$/.test(c))) {
    throw new SyntaxError(
      `Cannot read a markdown table as its line 2 is not an alignment row: found ${
        JSON.stringify(lines[1] ?? "")
      }`,
    );
  }
  const right = rule.map((c) => c.endsWith(":") && !c.startsWith(":"));
  const best = head.map((_, c) => {
    if (!options.highlightBest || !right[c] || body.length < 2) return undefined;
    // The leading number: a cell may carry an interval (`90.63 ± 1.20`).
    const nums = body.map((r) => r[c] ? _leading(r[c]!) : NaN).filter(Number.isFinite);
    return nums.length > 1 ? Math.max(...nums) : undefined;
  });
  const cell = (tag: string, text: string, c: number) => {
    const cls = right[c] ? ' class="num"' : "";
    const isBest = tag === "td" && best[c] !== undefined && text !== "" &&
      _leading(text) === best[c];
    const inner = isBest ? `<strong>${_escapeHtml(text)}</strong>` : _escapeHtml(text);
    return `<${tag}${cls}>${inner}</${tag}>`;
  };
  const row = (tag: string, cells: readonly string[]) =>
    `<tr>${head.map((_, c) => cell(tag, cells[c] ?? "", c)).join("")}</tr>`;
  return `<table>\n<thead>${row("th", head)}</thead>\n<tbody>\n${
    body.map((r) => row("td", r)).join("\n")
  }\n</tbody>\n</table>`;
}

/** The cells of one `| a | b |` line, trimmed, with `\|` unescaped. */
function _cells(line: string): string[] {
  const inner = line.replace(/^\|/, "").replace(/(?<!\\)\|$/, "");
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replaceAll("\\|", "|"));
}

/** The number a cell starts with (`"90.63 ± 1.20"` → 90.63); NaN when it has none. */
function _leading(text: string): number {
  const match = /^\s*(-?\d+(?:\.\d+)?)(?![\d.])/.exec(text);
  return match ? Number(match[1]) : NaN;
}
