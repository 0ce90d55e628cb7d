import assert from "node:assert/strict";
import { decodeImage } from "../images/mod.ts";
import { demoChart } from "./demo_chart.ts";
import type { DemoResult } from "./run_demo.ts";
import { DEMO_FILES, writeDemo } from "./write_demo.ts";

Deno.test("writeDemo() writes the spec, SVG, PNG and numbers", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const fused = [{ label: "Average", similarity: 0.5 }];
    const result: DemoResult = {
      frames: [{ frame: 1, path: "a/1.png", similarity: 0.4, weights: { Average: 1 } }],
      skipped: [{ frame: 2, path: "a/2.png", reason: "no face" }],
      fused,
      spec: demoChart({ frames: [], skipped: [], fused, weightTitle: "w" }),
    };
    const paths = await writeDemo(result, `${dir}/new`, { scale: 1 });
    assert.deepEqual(paths, DEMO_FILES.map((n) => `${dir}/new/${n}`));
    const spec = JSON.parse(JSON.stringify(result.spec)); // Vega tags data rows with symbols
    assert.deepEqual(JSON.parse(await Deno.readTextFile(paths[0]!)), spec);
    assert.ok((await Deno.readTextFile(paths[1]!)).startsWith("<svg"));
    const png = await decodeImage(paths[2]!);
    const svgWidth = Number(/width="(\d+)"/.exec(await Deno.readTextFile(paths[1]!))![1]);
    assert.equal(png.width, svgWidth);
    const { spec: _, ...numbers } = result;
    assert.deepEqual(JSON.parse(await Deno.readTextFile(paths[3]!)), numbers);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
