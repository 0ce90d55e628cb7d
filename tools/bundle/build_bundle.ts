/**
 * The offline bundle: Deno, the code, the npm packages for linux-x64 only, the default
 * models and fixtures, and a launcher, as one `caface-harness.tar.xz` that runs with no
 * network and no Deno cache (`--cached-only`, `"nodeModulesDir": "manual"`).
 */

/**
 * Model files shipped, as paths in the repository: the one list to edit when the default
 * models change. The launcher finds them through the same paths.
 */
export const BUNDLE_MODELS: readonly string[] = [
  "models/faceplugin/fr_feature.onnx",
  "models/faceplugin/fr_detect.onnx",
  "models/faceplugin/fr_landmark.onnx",
  "models/faceplugin/LICENSE",
  "models/faceplugin/README.md",
];

/** Repository folders and files shipped (test files and test-only fixtures left out). */
export const BUNDLE_SOURCES: readonly string[] = [
  "deno.json",
  "deno.lock",
  "mod.ts",
  "README.md",
  "src",
  "tasks",
  "benchmarks",
  "deploy",
  "docs",
  "fixtures/johns",
  "fixtures/synthetic",
];

/** npm imports whose package code the tasks do not load (only model files are used). */
export const BUNDLE_SKIP_PACKAGES: readonly string[] = [];

/** Package folders for other platforms, dropped from the closure. */
const OTHER_PLATFORM =
  /(darwin|win32|freebsd|wasm32|musl|android|-arm(64)?\b|-arm64|-arm@|-ppc64|-s390x|-riscv64|-ia32|webcontainers)/;

/** Folders inside kept packages that hold other platforms' binaries. */
export const BUNDLE_PRUNE: readonly string[] = [
  "onnxruntime-node@1.30.0/node_modules/onnxruntime-node/bin/napi-v6/darwin",
  "onnxruntime-node@1.30.0/node_modules/onnxruntime-node/bin/napi-v6/win32",
  "onnxruntime-node@1.30.0/node_modules/onnxruntime-node/bin/napi-v6/linux/arm64",
  // protobufjs's code generator (pbjs/pbts) with its own dependencies: 20 MB no task loads.
  "protobufjs@6.11.6/node_modules/protobufjs/cli",
];

/** Files dropped from the bundled packages: source maps, type declarations, documentation. */
export const BUNDLE_STRIP = /\.(map|d\.ts|d\.mts|d\.cts|md|markdown)$/i;

/**
 * Whether a file belongs in the bundle: tests, benches and the Python fixture generators stay
 * out; the GPU benchmark's PyTorch reference stays in.
 */
export function shipFile(path: string): boolean {
  if (/(_test\.ts|_bench\.ts)$/.test(path) || path.includes("/__pycache__/")) return false;
  return !path.endsWith(".py") || path.startsWith("benchmarks/gpu/");
}

/**
 * The `node_modules/.deno` folders the tasks need: the closure of `deno.json`'s imports in
 * `deno.lock` (dependencies and the optional ones for linux-x64 glibc), minus
 * {@linkcode BUNDLE_SKIP_PACKAGES}.
 *
 * @example
 * ```ts
 * import { deepStrictEqual as assertEquals } from "node:assert/strict";
 * const lock = {
 *   specifiers: { "npm:a@1.0.0": "1.0.0" },
 *   npm: {
 *     "a@1.0.0": { dependencies: ["b"], optionalDependencies: ["@x/a-darwin-arm64", "@x/a-linux-x64"] },
 *     "b@2.0.0": {},
 *     "@x/a-darwin-arm64@1.0.0": {},
 *     "@x/a-linux-x64@1.0.0": {},
 *   },
 * };
 * assertEquals(npmClosure(lock, ["a"]), ["@x+a-linux-x64@1.0.0", "a@1.0.0", "b@2.0.0"]);
 * ```
 */
export function npmClosure(
  lock: {
    specifiers: Record<string, string>;
    npm: Record<string, { dependencies?: string[]; optionalDependencies?: string[] }>;
  },
  imports: readonly string[],
): string[] {
  const keys = Object.keys(lock.npm);
  const resolve = (dep: string): string | undefined => {
    if (lock.npm[dep] !== undefined) return dep;
    return keys.find((k) =>
      k.startsWith(`${dep}@`) && !k.slice(dep.length + 1).includes("@") ||
      k.startsWith(`${dep}@`) && /^[\d.]+(-[\w.]+)?(_|$)/.test(k.slice(dep.length + 1))
    );
  };
  const seen = new Set<string>();
  const visit = (key: string | undefined) => {
    if (key === undefined || seen.has(key)) return;
    seen.add(key);
    const entry = lock.npm[key]!;
    for (const dep of entry.dependencies ?? []) visit(resolve(dep));
    for (const dep of entry.optionalDependencies ?? []) {
      if (!OTHER_PLATFORM.test(dep)) visit(resolve(dep));
    }
  };
  for (const name of imports) {
    const spec = Object.keys(lock.specifiers).find((s) => s.startsWith(`npm:${name}@`));
    if (spec === undefined) continue;
    visit(resolve(`${name}@${lock.specifiers[spec]}`));
  }
  // Type declarations are not loaded at run time (tasks run without type checking).
  return [...seen].map((k) => _folder(k)).filter((f) => !f.startsWith("@types+")).sort();
}

/** `@img/sharp-linux-x64@0.35.5_peer@1` → `@img+sharp-linux-x64@0.35.5`. */
function _folder(key: string): string {
  const at = key.indexOf("@", 1);
  const version = key.slice(at + 1).split("_")[0];
  return `${key.slice(0, at).replace("/", "+")}@${version}`;
}

/** The launcher: runs a deno.json task's script with the bundled Deno, offline. */
export const LAUNCHER = `#!/bin/sh
# caface-harness TASK [ARGS...]: runs a harness task (eval, extract, devices, ...) with the
# bundled Deno, offline: no download, no global cache (see docs/bundle.md).
set -e
here="$(cd "$(dirname "$0")/.." && pwd)"
if [ $# -eq 0 ] || [ "$1" = "-h" ] || [ "$1" = "--help" ]; then
  echo "usage: caface-harness TASK [ARGS...]   (TASK: $(ls "$here/tasks" | grep -v '^_' | sed 's/\\.ts$//' | tr '\\n' ' '))"
  echo "       caface-harness gpu-benchmark [ARGS...]"
  exit 0
fi
task="$1"; shift
case "$task" in
  gpu-benchmark) script="$here/tasks/gpu_benchmark.ts" ;;
  *) script="$here/tasks/$task.ts" ;;
esac
if [ ! -f "$script" ]; then echo "caface-harness: unknown task $task" >&2; exit 2; fi
export DENO_DIR="\${CAFACE_DENO_DIR:-\${TMPDIR:-/tmp}/caface-harness-deno-$(id -u)}"
export DENO_NO_UPDATE_CHECK=1 RUST_BACKTRACE=0
cd "$here"
exec "$here/bin/deno" run -A --cached-only --no-remote --config "$here/deno.json" "$script" "$@"
`;
