/**
 * Repository checks that no type-checker catches: every doc example must throw when it is
 * wrong (`console.assert` only prints, so a wrong example would still pass `deno test --doc`),
 * and nothing may point outside the repository.
 */
import assert from "node:assert/strict";

const ROOTS = ["mod.ts", "src", "tasks", "benchmarks", "tools"];

async function* sourceFiles(path: string): AsyncGenerator<string> {
  const info = await Deno.stat(path);
  if (info.isFile) {
    if (path.endsWith(".ts")) yield path;
    return;
  }
  for await (const entry of Deno.readDir(path)) {
    yield* sourceFiles(`${path}/${entry.name}`);
  }
}

/** The lines of `text` inside JSDoc code fences, with their 1-based line numbers. */
export function docExampleLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let inside = false;
  text.split("\n").forEach((line, i) => {
    const fence = /^\s*\*\s*```/.test(line);
    if (fence) inside = !inside;
    else if (inside) out.push({ line: i + 1, text: line });
  });
  return out;
}

Deno.test("docExampleLines() finds the lines of JSDoc code fences", () => {
  const text = "/**\n * @example\n * ```ts\n * console.assert(1 === 2);\n * ```\n */\nx();";
  assert.deepEqual(docExampleLines(text), [{ line: 4, text: " * console.assert(1 === 2);" }]);
});

Deno.test("no doc example checks itself with console.assert", async () => {
  const found: string[] = [];
  for (const root of ROOTS) {
    for await (const file of sourceFiles(root)) {
      for (const { line, text } of docExampleLines(await Deno.readTextFile(file))) {
        if (text.includes("console.assert")) found.push(`${file}:${line}`);
      }
    }
  }
  assert.deepEqual(found, [], 'use `import assert from "node:assert/strict"` instead');
});
