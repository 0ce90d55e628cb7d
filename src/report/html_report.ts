import { _escapeHtml } from "./_escape.ts";
import { _markdownTableToHtml } from "./_markdown_html.ts";

/** What {@link htmlReport} lays out, top to bottom. */
export interface HtmlReportInput {
  /** The page title and heading. */
  title: string;
  /** A line under the heading, e.g. the dataset and backbone. Default: none. */
  subtitle?: string;
  /**
   * Tables as markdown pipe tables (from `resultTable()` or `deltaTable()`), each
   * under its own heading. With `highlightBest`, the largest number of each numeric
   * column is bold. Default: none.
   */
  tables?: readonly {
    title: string;
    markdown: string;
    highlightBest?: boolean;
    /** An SVG shown under the table, in its section (e.g. thumbnails of its rows). */
    figure?: { title: string; svg: string };
  }[];
  /** Charts as SVG documents (from `renderSvg()`), each under its own heading. Default: none. */
  charts?: readonly { title: string; svg: string }[];
  /** Run details (versions, inputs, hashes): one entry per key. Default: none. */
  provenance?: Readonly<Record<string, unknown>>;
}

/**
 * One self-contained, offline HTML page: inline CSS, the tables as real HTML tables,
 * the charts as inline SVG, and the provenance as a definition list.
 *
 * The page loads nothing: no scripts, no external stylesheets, fonts or images. All
 * text (titles, table cells, provenance keys and values) is HTML-escaped; the SVGs are
 * inserted as they are, less any `<?xml …?>` declaration or doctype, so they must come
 * from a trusted renderer; their element ids (and `url(#…)`/`href="#…"` references) get
 * a per-chart prefix so that two charts' clip paths cannot collide. A provenance value that is a string, number, boolean or null
 * is printed as text; any other value as indented JSON (bigints as strings).
 *
 * Degenerate cases: a table or chart list that is empty or absent leaves its section
 * out; an SVG that does not start with `<svg` throws a TypeError; a table without an
 * alignment row throws a SyntaxError.
 *
 * @example Usage
 * ```ts
 * import { htmlReport } from "./html_report.ts";
 * import assert from "node:assert/strict";
 *
 * const html = htmlReport({ title: "IJB-B <demo>", provenance: { commit: "abc123" } });
 * assert.ok(html.includes("<title>IJB-B &lt;demo&gt;</title>"));
 * ```
 *
 * @param input The content; see {@link HtmlReportInput}.
 * @returns The HTML document.
 */
export function htmlReport(input: HtmlReportInput): string {
  const { title, subtitle, tables = [], charts = [], provenance = {} } = input;
  const parts: string[] = [`<h1>${_escapeHtml(title)}</h1>`];
  if (subtitle !== undefined) parts.push(`<p class="subtitle">${_escapeHtml(subtitle)}</p>`);
  const figure = (c: { title: string; svg: string }, id: string) =>
    `<figure>\n<figcaption>${_escapeHtml(c.title)}</figcaption>\n${_svgBody(c.svg, id)}\n</figure>`;
  for (const [k, t] of tables.entries()) {
    const table = _markdownTableToHtml(t.markdown, { highlightBest: t.highlightBest ?? false });
    const notes = t.markdown.split("\n").filter((l) => l.trim() && !l.trim().startsWith("|"))
      .map((l) => `\n<p class="note">${_escapeHtml(l.trim())}</p>`).join("");
    const below = t.figure ? `\n${figure(t.figure, `table${k}`)}` : "";
    parts.push(
      `<section>\n<h2>${
        _escapeHtml(t.title)
      }</h2>\n<div class="table">${table}</div>${notes}${below}\n</section>`,
    );
  }
  if (charts.length > 0) {
    const figures = charts.map((c, i) => figure(c, `chart${i}`));
    parts.push(
      `<section>\n<h2>Charts</h2>\n<div class="charts">\n${figures.join("\n")}\n</div>\n</section>`,
    );
  }
  const entries = Object.entries(provenance);
  if (entries.length > 0) {
    const items = entries.map(([k, v]) => `<dt>${_escapeHtml(k)}</dt><dd>${_value(v)}</dd>`);
    parts.push(`<section>\n<h2>Provenance</h2>\n<dl>\n${items.join("\n")}\n</dl>\n</section>`);
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${_escapeHtml(title)}</title>
<style>${_CSS}</style>
</head>
<body>
<main>
${parts.join("\n")}
</main>
</body>
</html>
`;
}

const _CSS = `
:root { color-scheme: light; }
body { margin: 0; background: #f6f7f9; color: #222;
  font: 15px/1.5 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 32px 48px; }
h1 { font-size: 26px; margin: 8px 0 4px; }
h2 { font-size: 19px; margin: 32px 0 12px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.subtitle { color: #555; margin: 0 0 8px; }
.note { color: #555; font-size: 0.9em; margin: 4px 0 0; }
.table { overflow-x: auto; }
table { border-collapse: collapse; background: #fff; font-size: 14px;
  font-variant-numeric: tabular-nums; box-shadow: 0 1px 2px rgba(0,0,0,.06); }
th, td { padding: 6px 12px; border-bottom: 1px solid #e6e6e6; text-align: left; white-space: nowrap; }
th { background: #eef0f3; font-weight: 600; border-bottom: 2px solid #cfd3d8; }
td.num, th.num { text-align: right; }
tbody tr:hover { background: #f3f6fb; }
.charts { display: flex; flex-wrap: wrap; gap: 24px; }
figure { margin: 0; background: #fff; padding: 12px; border: 1px solid #e3e3e3; border-radius: 4px;
  max-width: 100%; }
figcaption { font-weight: 600; margin-bottom: 6px; }
figure svg { max-width: 100%; height: auto; display: block; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 6px 20px; background: #fff;
  padding: 12px 16px; border: 1px solid #e3e3e3; border-radius: 4px; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
pre { margin: 0; font: 13px/1.4 "DejaVu Sans Mono", Menlo, Consolas, monospace; white-space: pre-wrap; }
`;

/** `svg` without its prologue, its ids prefixed by `id` (`chart0`, `table3`). */
function _svgBody(svg: string, id: string): string {
  const body = svg.replace(/^\s*<\?xml[^>]*\?>\s*/, "").replace(/^\s*<!DOCTYPE[^>]*>\s*/i, "")
    .trim();
  if (!body.startsWith("<svg")) {
    throw new TypeError(
      `Cannot inline ${id.replace(/\d+$/, " $&")} as it is not an SVG document: found ${
        JSON.stringify(body.slice(0, 20))
      }`,
    );
  }
  // Vega numbers its clip paths from 1 in every SVG; prefix the ids so charts on one
  // page do not clip each other.
  const prefix = `${id}-`;
  return body.replace(/(\sid=")/g, `$1${prefix}`).replace(/url\(#/g, `url(#${prefix}`)
    .replace(/(href=")#/g, `$1#${prefix}`);
}

function _value(value: unknown): string {
  if (value === null || ["string", "number", "boolean"].includes(typeof value)) {
    return _escapeHtml(String(value));
  }
  const json = JSON.stringify(value, (_, v) => typeof v === "bigint" ? v.toString() : v, 2);
  return `<pre>${_escapeHtml(json ?? String(value))}</pre>`;
}
