/** Test helper: runs a task script as a child process, as a user would. */

/** What a task run printed and returned. */
export interface TaskOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `deno run -A <script> ...args` with plain (uncoloured, backtrace-free) output and
 * returns its exit code and output. `env` adds to the inherited environment; `cwd` (default
 * the current folder) is where it runs, `script` being relative to it.
 */
export async function runTask(
  script: string,
  args: readonly string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<TaskOutput> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, ...args],
    cwd: options.cwd,
    env: { RUST_BACKTRACE: "0", NO_COLOR: "1", ...options.env },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return { code: out.code, stdout: decoder.decode(out.stdout), stderr: decoder.decode(out.stderr) };
}
