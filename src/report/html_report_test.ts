import assert from "node:assert/strict";
import { htmlReport } from "./html_report.ts";
import { resultTable } from "./result_table.ts";

const SVG = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" ' +
  'xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><path d="M0,0h5"/></svg>';
const TABLE = resultTable([
  {
    fusion: "average",
    chunk: null,
    identification: { probes: 2, rank: { "1": 0.5, "5": 0.9 }, tpir_at_fpir: {} },
  },
  {
    fusion: "caface",
    chunk: null,
    identification: { probes: 2, rank: { "1": 0.75, "5": 0.8 }, tpir_at_fpir: {} },
  },
], { omitEmptyTasks: true });

function _page(): string {
  return htmlReport({
    title: "IJB-B <1:1> & more",
    subtitle: 'backbone "ir101"',
    tables: [{ title: "Results", markdown: TABLE, highlightBest: true }],
    charts: [{ title: "ROC", svg: SVG }],
    provenance: {
      commit: "abc<def>",
      pairs: 8010270,
      models: { backbone: "adaface_ir101.onnx", sha256: "00ff" },
      size: 3n,
    },
  });
}

Deno.test("htmlReport() writes one page with the table, the SVG and the provenance", () => {
  const html = _page();
  assert.ok(html.startsWith("<!DOCTYPE html>"));
  assert.ok(html.includes("<title>IJB-B &lt;1:1&gt; &amp; more</title>"));
  assert.ok(html.includes('<p class="subtitle">backbone &quot;ir101&quot;</p>'));
  assert.ok(html.includes('<svg xmlns="http://www.w3.org/2000/svg"'));
  assert.ok(!html.includes("<?xml"));
  assert.ok(html.includes('<th>Method</th><th class="num">Rank-1</th>'));
  // Best per numeric column in bold: 75.00 for Rank-1, 90.00 for Rank-5; "–" left alone.
  assert.ok(html.includes(
    '<tr><td>Average</td><td class="num">50.00</td>' +
      '<td class="num"><strong>90.00</strong></td>',
  ));
  assert.ok(html.includes('<td class="num"><strong>75.00</strong></td><td class="num">80.00</td>'));
  assert.ok(html.includes('<td class="num">–</td>'));
  assert.ok(html.includes("<dt>commit</dt><dd>abc&lt;def&gt;</dd>"));
  assert.ok(html.includes("<dt>pairs</dt><dd>8010270</dd>"));
  assert.ok(html.includes("<pre>{\n  &quot;backbone&quot;: &quot;adaface_ir101.onnx&quot;,"));
  assert.ok(html.includes("<dt>size</dt><dd><pre>&quot;3&quot;</pre></dd>"));
});

Deno.test("htmlReport() loads nothing from outside the page", () => {
  const html = _page();
  assert.doesNotMatch(html, /\b(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
  assert.doesNotMatch(html, /<script|<link|@import|url\(\s*["']?https?:/i);
});

Deno.test("htmlReport() prefixes SVG ids per chart so clip paths do not collide", () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg"><defs><clipPath id="clip1"><rect/>' +
    '</clipPath></defs><g clip-path="url(#clip1)"><use href="#clip1"/></g></svg>';
  const html = htmlReport({
    title: "t",
    charts: [{ title: "a", svg }, { title: "b", svg }],
  });
  for (const i of [0, 1]) {
    assert.ok(html.includes(`<clipPath id="chart${i}-clip1">`));
    assert.ok(html.includes(`clip-path="url(#chart${i}-clip1)"`));
    assert.ok(html.includes(`<use href="#chart${i}-clip1"/>`));
  }
  assert.ok(!html.includes('"clip1"'));
});

Deno.test("htmlReport() leaves out empty sections", () => {
  const html = htmlReport({ title: "t" });
  assert.ok(!html.includes("<h2>"));
});

Deno.test("htmlReport() rejects charts that are not SVG and tables without a rule row", () => {
  assert.throws(
    () => htmlReport({ title: "t", charts: [{ title: "c", svg: "<div></div>" }] }),
    new TypeError('Cannot inline chart 0 as it is not an SVG document: found "<div></div>"'),
  );
  assert.throws(
    () => htmlReport({ title: "t", tables: [{ title: "x", markdown: "| a |\n| b |\n" }] }),
    new SyntaxError(
      'Cannot read a markdown table as its line 2 is not an alignment row: found "| b |"',
    ),
  );
});

Deno.test("htmlReport() keeps a table's note and bolds a marked best value", () => {
  const markdown = [
    "| Method | TAR@FAR=1e-6 |",
    "|:-------|-------------:|",
    "| A      |       90.00† |",
    "| B      |       80.00† |",
    "",
    "† FAR below 1/impostors",
    "",
  ].join("\n");
  const html = htmlReport({ title: "t", tables: [{ title: "R", markdown, highlightBest: true }] });
  assert.ok(html.includes('<td class="num"><strong>90.00†</strong></td>'));
  assert.ok(html.includes('<td class="num">80.00†</td>'));
  assert.ok(html.includes('<p class="note">† FAR below 1/impostors</p>'));
});
