import assert from "node:assert/strict";
import { labelColor } from "./label_color.ts";

Deno.test("labelColor() is fixed per label and shades chunk sizes", () => {
  assert.equal(labelColor("Average"), "#4c78a8");
  assert.equal(labelColor("InsightFace"), "#f58518");
  assert.equal(labelColor("CAFace"), "#e45756");
  const shades = [4, 8, 32, 64, 128, 256].map((n) => labelColor(`CAFace (N=${n})`));
  assert.equal(new Set(shades).size, shades.length);
  for (const s of shades) assert.match(s, /^#[0-9a-f]{6}$/);
  // Lighter (larger channel sum) for small N than for large N.
  const sum = (c: string) => [1, 3, 5].reduce((t, i) => t + parseInt(c.slice(i, i + 2), 16), 0);
  assert.ok(sum(shades[0] as string) > sum(shades[5] as string));
  assert.equal(labelColor("some other"), labelColor("some other"));
  assert.notEqual(labelColor("some other"), labelColor("CAFace"));
});
