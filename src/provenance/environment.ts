import { onnxruntimeVersion } from "../onnx/mod.ts";
import { harnessVersion } from "./harness_version.ts";

/** The harness's source revision, or why it is unknown. */
export type GitState =
  | { readonly commit: string; readonly dirty: boolean }
  | { readonly commit: null; readonly reason: string };

/** What ran an evaluation: harness, git revision, runtimes. */
export interface Environment {
  readonly harness: string;
  readonly git: GitState;
  readonly deno: string;
  readonly v8: string;
  readonly typescript: string;
  readonly onnxruntime: string;
  readonly os: string;
}

/**
 * The harness version and git state (commit, and whether tracked files differ from it), the
 * Deno, V8, TypeScript and onnxruntime-node versions, and the OS/architecture. Without git,
 * or outside a git checkout, `git` says why instead of naming a commit.
 */
export async function environment(): Promise<Environment> {
  return {
    harness: `caface-harness ${await harnessVersion()}`,
    git: await gitState(new URL("../../", import.meta.url).pathname),
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
    onnxruntime: onnxruntimeVersion(),
    os: `${Deno.build.os}-${Deno.build.arch}`,
  };
}

/**
 * The git commit of the checkout at `dir` and whether its tracked files are modified.
 * `git` is the command to run (default `"git"`).
 */
export async function gitState(dir: string, git = "git"): Promise<GitState> {
  const run = async (args: string[]) => {
    const out = await new Deno.Command(git, { args, cwd: dir, stdout: "piped", stderr: "piped" })
      .output();
    if (!out.success) throw new Error(new TextDecoder().decode(out.stderr).trim().split("\n")[0]);
    return new TextDecoder().decode(out.stdout).trim();
  };
  try {
    const commit = await run(["rev-parse", "HEAD"]);
    const changes = await run(["status", "--porcelain", "--untracked-files=no"]);
    return { commit, dirty: changes.length > 0 };
  } catch (error) {
    const reason = error instanceof Deno.errors.NotFound
      ? `${git} is not installed`
      : `not a git checkout (${error instanceof Error ? error.message : error})`;
    return { commit: null, reason };
  }
}
