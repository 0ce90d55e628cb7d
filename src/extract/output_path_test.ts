import assert from "node:assert/strict";
import { outputPath } from "./output_path.ts";

Deno.test("outputPath() keeps names inside the output folder", async (t) => {
  const where = { file: "meta/x_face_tid_mid.txt", line: 7 };
  await t.step("accepts relative names with sub-folders", () => {
    assert.equal(outputPath("out", "img/1.png", where), "out/img/1.png");
    assert.equal(outputPath("out", "a..b/c.png", where), "out/a..b/c.png");
  });
  for (
    const [name, why] of [
      ["../../outside/x.png", '".." segment'],
      ["a/../../x.png", '".." segment'],
      ["..", '".." segment'],
      ["/etc/x.png", "absolute path"],
      ["C:/x.png", "drive prefix"],
      ["a\\..\\x.png", "backslash"],
      ["", "empty name"],
      ["a\0b", "NUL byte"],
    ]
  ) {
    await t.step(`refuses ${JSON.stringify(name)}`, () => {
      assert.throws(() => outputPath("out", name!, where), {
        name: "RangeError",
        message: `Cannot use the image name ${
          JSON.stringify(name)
        } (meta/x_face_tid_mid.txt line 7) as an output path: it leaves the output folder (${why})`,
      });
    });
  }
});
