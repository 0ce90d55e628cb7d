import assert from "node:assert/strict";
import { renderSvg } from "../report/mod.ts";
import { demoChart, type DemoChartInput } from "./demo_chart.ts";

const PIXEL =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC";

function _input(): DemoChartInput {
  return {
    frames: [1, 2, 4].map((frame, i) => ({
      frame,
      name: `${frame}.png`,
      similarity: 0.3 + 0.1 * i,
      weight: [0.2, 0.5, 0.3][i]!,
      thumbnail: PIXEL,
    })),
    skipped: [{ frame: 3, name: "3.png" }],
    fused: [{ label: "Average", similarity: 0.45 }, { label: "CAFace", similarity: 0.47 }],
    weightTitle: ["Frame weight", "(CAFace)"],
    gallery: PIXEL,
  };
}

Deno.test("demoChart() draws dots, fused rules and stars, thumbnails and the gallery", async (t) => {
  const spec = demoChart(_input());
  const svg = await renderSvg(spec);
  await t.step("one image per frame with a face, plus the gallery", () => {
    assert.equal(svg.match(/<image /g)?.length, 4);
  });
  await t.step("labels of the fused features and the skipped frame", () => {
    for (const text of ["Average 0.450", "CAFace 0.470", "no face", "Gallery", "Frame weight"]) {
      assert.ok(svg.includes(`>${text}<`), text);
    }
    assert.ok(svg.includes("Cosine similarity to gallery"));
    assert.ok(svg.includes("3 frames with a face, 1 without (skipped)"));
  });
  await t.step("the frame axis spans every frame, skipped ones included", () => {
    const json = JSON.stringify(spec);
    assert.ok(json.includes('"domain":[0.5,4.5]'), "x domain");
    assert.ok(json.includes('"domain":[0.2,0.5]'), "weight colour domain");
  });
  await t.step("thumbnails are left out of the aria labels", () => {
    assert.equal(svg.match(/base64,/g)?.length, 4);
  });
});

Deno.test("demoChart() sizes the plot from the frame count", () => {
  const one = demoChart({ ..._input(), frames: [], skipped: [] }) as { hconcat: unknown[] };
  const left = one.hconcat[0] as { vconcat: { width: number }[] };
  assert.equal(left.vconcat[0]!.width, 480);
  const many = demoChart({ ..._input(), skipped: [{ frame: 40, name: "40.png" }] }) as {
    hconcat: { vconcat: { width: number; height: number }[] }[];
  };
  assert.equal(many.hconcat[0]!.vconcat[0]!.width, 1400); // 40 × 60 px, capped
  // 1400 px / 40 frames = 35 px per frame: thumbnails 29 px, strip 41 px tall.
  assert.equal(many.hconcat[0]!.vconcat[1]!.height, 41);
});
