import assert from "node:assert/strict";
import { openCheckpoint } from "./open_checkpoint.ts";
import { UnsafeGlobalError } from "./safe_globals.ts";

// Made once by tools/make_hostile_pickles.py; torch.load(weights_only=True) refuses each.
const DIR = new URL("../../fixtures/checkpoint/hostile/", import.meta.url);
const EXPECTED = JSON.parse(await Deno.readTextFile(new URL("expected.json", DIR))) as Record<
  string,
  { first_global: string }
>;
const MARKER = "/tmp/caface-harness-hostile-pickle-ran";

Deno.test("openCheckpoint() refuses hostile pickles, naming the global, and runs nothing", async (t) => {
  for (const [name, { first_global }] of Object.entries(EXPECTED)) {
    await t.step(name, async () => {
      const path = new URL(`${name}.ckpt`, DIR).pathname;
      const error = await openCheckpoint(path).then(() => undefined, (e) => e);
      assert.ok(error instanceof UnsafeGlobalError, String(error));
      assert.equal(error.global, first_global);
      assert.match(
        error.message,
        new RegExp(`^Cannot load ${name}\\.ckpt .*the global ${first_global} at byte \\d+`),
      );
      // Allowed explicitly, it is read as inert data: nothing is called.
      await using ckpt = await openCheckpoint(path, {
        allowGlobals: [first_global, "builtins.__import__", "posix.system", "builtins.eval"],
      });
      assert.equal(ckpt.stateDict().size, 1);
      await assert.rejects(Deno.stat(MARKER), Deno.errors.NotFound);
    });
  }
});
