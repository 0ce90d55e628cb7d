import assert from "node:assert/strict";
import { environment, gitState } from "./environment.ts";
import { digestModels } from "./model_digest.ts";

async function git(dir: string, ...args: string[]) {
  const out = await new Deno.Command("git", { args, cwd: dir, stdout: "piped" }).output();
  assert.ok(out.success, `git ${args.join(" ")}`);
  return new TextDecoder().decode(out.stdout).trim();
}

Deno.test("gitState() names the commit and whether tracked files changed", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await t.step("outside a checkout: the reason", async () => {
      const state = await gitState(dir);
      assert.equal(state.commit, null);
      assert.match((state as { reason: string }).reason, /^not a git checkout/);
    });
    await t.step("without git: the reason", async () => {
      assert.deepEqual(await gitState(dir, "no-such-git-binary"), {
        commit: null,
        reason: "no-such-git-binary is not installed",
      });
    });
    await t.step("a clean, then a modified checkout", async () => {
      await git(dir, "init", "-q");
      await Deno.writeTextFile(`${dir}/a.txt`, "a");
      await git(dir, "add", "a.txt");
      await git(dir, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "a");
      const head = await git(dir, "rev-parse", "HEAD");
      assert.deepEqual(await gitState(dir), { commit: head, dirty: false });
      await Deno.writeTextFile(`${dir}/untracked.txt`, "u");
      assert.deepEqual(await gitState(dir), { commit: head, dirty: false });
      await Deno.writeTextFile(`${dir}/a.txt`, "b");
      assert.deepEqual(await gitState(dir), { commit: head, dirty: true });
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("environment() records the runtime versions", async () => {
  const env = await environment();
  assert.equal(env.deno, Deno.version.deno);
  const config = JSON.parse(await Deno.readTextFile("deno.json"));
  assert.equal(env.harness, `caface-harness ${config.version}`);
  assert.equal(`npm:onnxruntime-node@${env.onnxruntime}`, config.imports["onnxruntime-node"]);
});

Deno.test("digestModels() gives each model's name, size and SHA-256", async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/m.onnx`, "abc");
  // SHA-256("abc"), FIPS 180-2 appendix B.1.
  assert.deepEqual(await digestModels([{ role: "backbone", path: `${dir}/m.onnx` }]), [{
    role: "backbone",
    name: "m.onnx",
    path: `${dir}/m.onnx`,
    bytes: 3,
    sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  }]);
  await Deno.remove(dir, { recursive: true });
});
