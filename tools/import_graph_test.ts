/**
 * The import graph keeps the layers of docs/architecture.md: packages of `src/` import
 * lower layers only (so no cycle), through their `mod.ts`; `src/` never imports `tasks/`,
 * `benchmarks/`, `tools/` or a test file; `benchmarks/` never imports `tasks/`.
 */
import assert from "node:assert/strict";

/** `src/` packages, bottom first: each may import only those before it. */
export const LAYERS = [
  "core",
  "features",
  "checkpoint",
  "onnx",
  "publish",
  "images",
  "protocol",
  "metrics",
  "provenance",
  "landmarks",
  "scoring",
  "uncertainty",
  "caface",
  "convert",
  "fusion",
  "extract",
  "scores",
  "report",
  "diagnostics",
  "gate",
  "demo",
  "compare",
  "pipeline",
] as const;

/** Test-data generators that tests (and benchmarks) may import from inside a package. */
const TEST_DATA = /\/_(test_data|test_globals|synthetic_scores)\.ts$/;

const ROOT = new URL("../", import.meta.url).pathname;

interface Edge {
  from: string;
  to: string;
}

function _files(dir: string): string[] {
  const out: string[] = [];
  for (const entry of Deno.readDirSync(ROOT + dir)) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) out.push(..._files(path));
    else if (entry.name.endsWith(".ts")) out.push(path);
  }
  return out;
}

/** Every relative import and re-export of the project's TypeScript files. */
function _edges(): Edge[] {
  const edges: Edge[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)[^;'"]*?from\s+["'](\.[^"']+)["']/g;
  const dynamic = /import\(\s*["'](\.[^"']+)["']\s*\)/g;
  for (
    const from of [
      ..._files("src"),
      ..._files("tasks"),
      ..._files("benchmarks"),
      ..._files("tools"),
    ]
  ) {
    // Doc examples (` * import …`) are not imports of the file.
    const text = Deno.readTextFileSync(ROOT + from).replace(/\/\*\*[\s\S]*?\*\//g, "");
    for (const m of [...text.matchAll(pattern), ...text.matchAll(dynamic)]) {
      const to = new URL(m[1]!, `file://${ROOT}${from}`).pathname.slice(ROOT.length);
      edges.push({ from, to });
    }
  }
  return edges;
}

const isTest = (path: string) => /_test\.ts$|_bench\.ts$/.test(path);
const srcPackage = (path: string) => /^src\/([^/]+)\//.exec(path)?.[1];

Deno.test("import graph: every src package is in the documented layer order", () => {
  const packages = [...Deno.readDirSync(ROOT + "src")].filter((e) => e.isDirectory)
    .map((e) => e.name).sort();
  assert.deepEqual(packages, [...LAYERS].sort());
});

Deno.test("import graph: src packages import only lower layers (no cycle), through mod.ts", () => {
  const wrong: string[] = [];
  for (const { from, to } of _edges()) {
    const a = srcPackage(from), b = srcPackage(to);
    if (a === undefined || b === undefined || a === b) continue;
    if (isTest(from) && TEST_DATA.test(to)) continue;
    const la = LAYERS.indexOf(a as typeof LAYERS[number]);
    const lb = LAYERS.indexOf(b as typeof LAYERS[number]);
    if (lb >= la) wrong.push(`${from} → ${to}: ${b} is not below ${a}`);
    if (!isTest(from) && !to.endsWith(`src/${b}/mod.ts`)) {
      wrong.push(`${from} → ${to}: import ${b} through src/${b}/mod.ts`);
    }
  }
  assert.deepEqual(wrong, []);
});

Deno.test("import graph: src never imports tasks, benchmarks, tools or tests; benchmarks never tasks", () => {
  const wrong: string[] = [];
  for (const { from, to } of _edges()) {
    if (from.startsWith("src/") && !isTest(from)) {
      if (!to.startsWith("src/")) wrong.push(`${from} → ${to}`);
      if (isTest(to)) wrong.push(`${from} → ${to} (a test file)`);
    }
    if (from.startsWith("benchmarks/") && to.startsWith("tasks/")) wrong.push(`${from} → ${to}`);
    // Entry points and tools reach src through its packages' mod.ts too.
    if (!from.startsWith("src/") && !isTest(from) && to.startsWith("src/")) {
      if (!/^src\/[^/]+\/mod\.ts$/.test(to) && !TEST_DATA.test(to)) {
        wrong.push(`${from} → ${to}: import through src/${srcPackage(to)}/mod.ts`);
      }
    }
  }
  assert.deepEqual(wrong, []);
});

Deno.test("import graph: the core leaf imports nothing of the project", () => {
  const wrong = _edges().filter((e) =>
    e.from.startsWith("src/core/") && !e.to.startsWith("src/core/")
  );
  assert.deepEqual(wrong, []);
});
