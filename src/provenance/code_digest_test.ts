import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { changedCode, codeChangeLine, codeDigest } from "./code_digest.ts";

const sha = (text: string) => createHash("sha256").update(text).digest("hex");

const FILES: Record<string, string> = {
  "src/a.ts": [
    'import { b } from "./b.ts";',
    'import type { T } from "./types.ts";',
    "export {",
    "  c,",
    '} from "../lib/c.ts";',
    'import "./side.ts";',
    'const w = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });',
    'const lazy = () => import("./lazy.js");',
    'const data = new URL("./table.json", import.meta.url);',
    '/** import { x } from "./in_a_doc_example.ts"; */',
    'import { npm } from "onnxruntime-node";',
  ].join("\n"),
  "src/b.ts": 'export { b } from "./a.ts";\n',
  "src/types.ts": "export type T = number;\n",
  "lib/c.ts": "export const c = 1;\n",
  "src/side.ts": "",
  "src/worker.ts": 'export type { T } from "./types.ts";\n',
  "src/lazy.js": "export default 1;\n",
  "src/table.json": "{}",
  "README.md": "not code",
  "deno.lock": '{"version": "5"}',
};

Deno.test("codeDigest() hashes the import closure read from the source, and deno.lock", async (t) => {
  const root = await Deno.makeTempDir();
  try {
    for (const [path, text] of Object.entries(FILES)) {
      await Deno.mkdir(`${root}/${path.slice(0, path.lastIndexOf("/") + 1)}`, { recursive: true });
      await Deno.writeTextFile(`${root}/${path}`, text);
    }
    const rootUrl = new URL(`file://${root}/`);
    const digest = () => codeDigest([new URL("src/a.ts", rootUrl)], { root: rootUrl });
    const first = await digest();
    const closure = [
      "deno.lock",
      "lib/c.ts",
      "src/a.ts",
      "src/b.ts",
      "src/lazy.js",
      "src/side.ts",
      "src/worker.ts",
    ];
    await t.step("static, re-export, side-effect, dynamic and worker imports; no types", () => {
      assert.deepEqual(
        first.files,
        Object.fromEntries(closure.map((p) => [p, sha(FILES[p]!)])),
      );
      const listing = closure.map((p) => `${sha(FILES[p]!)}  ${p}\n`).join("");
      assert.equal(first.sha256, sha(listing));
    });
    await t.step("an unrelated file changes nothing; a closure file is named", async () => {
      await Deno.writeTextFile(`${root}/README.md`, "edited");
      await Deno.writeTextFile(`${root}/src/types.ts`, "export type T = string;\n");
      assert.deepEqual(changedCode(first, await digest()), []);
      await Deno.writeTextFile(`${root}/lib/c.ts`, "export const c = 2;\n");
      const second = await digest();
      assert.notEqual(second.sha256, first.sha256);
      assert.deepEqual(changedCode(first, second), ["lib/c.ts"]);
      assert.equal(codeChangeLine(changedCode(first, second)), "code changed: lib/c.ts");
    });
    await t.step("a file leaving the closure, and deno.lock missing", async () => {
      await Deno.writeTextFile(`${root}/src/a.ts`, 'import { b } from "./b.ts";\n');
      await Deno.remove(`${root}/deno.lock`);
      const third = await digest();
      assert.equal(third.files["deno.lock"], "missing");
      assert.deepEqual(changedCode(first, third), [
        "deno.lock",
        "lib/c.ts",
        "src/a.ts",
        "src/lazy.js",
        "src/side.ts",
        "src/worker.ts",
      ]);
    });
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("changedCode() counts a missing record as every file changed", () => {
  const now = { sha256: "x", files: { "a.ts": "1", "deno.lock": "2" } };
  assert.deepEqual(changedCode(undefined, now), ["a.ts", "deno.lock"]);
  assert.deepEqual(changedCode({ sha256: "y" }, now), ["a.ts", "deno.lock"]);
  assert.equal(
    codeChangeLine(["a", "b", "c", "d", "e", "f", "g"]),
    "code changed: a, b, c, d, e and 2 more",
  );
});
