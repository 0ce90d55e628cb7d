import assert from "node:assert/strict";
import { htmlReport } from "./html_report.ts";

Deno.test("htmlReport() highlights the best value of cells that carry an interval", () => {
  const markdown = [
    "| Method | TAR |",
    "|:--|--:|",
    "| A | 90.63 ± 7.16 |",
    "| B | 91.67 ± 7.77 |",
  ].join("\n");
  const html = htmlReport({ title: "t", tables: [{ title: "x", markdown, highlightBest: true }] });
  assert.match(html, /<strong>91\.67 ± 7\.77<\/strong>/);
  assert.doesNotMatch(html, /<strong>90\.63/);
});
