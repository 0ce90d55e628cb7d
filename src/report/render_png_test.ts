import assert from "node:assert/strict";
import sharp from "sharp";
import { renderPng, renderPngAsync } from "./render_png.ts";

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80">' +
  '<rect x="10" y="10" width="50" height="30" fill="#e45756"/>' +
  '<text x="10" y="70" font-family="DejaVu Sans" font-size="14">TAR</text></svg>';

async function _decode(png: Uint8Array) {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let dark = 0;
  let red = 0;
  for (let i = 0; i < data.length; i += 3) {
    const [r, g, b] = [data[i] as number, data[i + 1] as number, data[i + 2] as number];
    if (r < 100 && g < 100 && b < 100) dark++;
    if (r > 200 && g < 120 && b < 120) red++;
  }
  return { info, dark, red, corner: [data[0], data[1], data[2]] };
}

Deno.test("renderPng() rasterises at the SVG's size on white, with text", async () => {
  const { info, dark, red, corner } = await _decode(renderPng(SVG));
  assert.equal(info.width, 120);
  assert.equal(info.height, 80);
  assert.deepEqual(corner, [255, 255, 255]);
  assert.ok(red >= 50 * 30 * 0.9, `${red} red pixels`);
  assert.ok(dark > 20, `${dark} dark pixels: the text was not drawn`);
});

Deno.test("renderPng() scales the output", async () => {
  const { info, red } = await _decode(renderPng(SVG, { scale: 2 }));
  assert.equal(info.width, 240);
  assert.equal(info.height, 160);
  assert.ok(red >= 100 * 60 * 0.9);
});

Deno.test("renderPng() rejects a bad scale and text that is not SVG", () => {
  assert.throws(
    () => renderPng(SVG, { scale: 0 }),
    new RangeError("Cannot render a PNG at scale 0: expected a finite number > 0"),
  );
  assert.throws(() => renderPng("not svg"), (e: unknown) => {
    assert.ok(e instanceof SyntaxError);
    assert.match(e.message, /^Cannot render a PNG as the SVG does not parse: /);
    return true;
  });
});

Deno.test("renderPngAsync() gives renderPng()'s bytes and its errors", async () => {
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="30" height="20">' +
    '<rect x="2" y="3" width="10" height="8" fill="#4c78a8"/><text x="12" y="15">ROC</text></svg>';
  assert.deepEqual(await renderPngAsync(svg, { scale: 2 }), renderPng(svg, { scale: 2 }));
  await assert.rejects(renderPngAsync(svg, { scale: 0 }), RangeError);
  await assert.rejects(renderPngAsync("not svg"), SyntaxError);
});
