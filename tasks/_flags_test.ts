import assert from "node:assert/strict";
import { editDistance, nearest, parseFlags } from "./_flags.ts";
import { UsageError } from "./_cli.ts";

Deno.test("editDistance() counts insertions, deletions, substitutions and swaps", () => {
  assert.equal(editDistance("fusion", "fusion"), 0);
  assert.equal(editDistance("fusoin", "fusion"), 1);
  assert.equal(editDistance("fuson", "fusion"), 1);
  assert.equal(editDistance("tasks", "task"), 1);
  assert.equal(editDistance("kitten", "sitting"), 3);
  assert.equal(editDistance("", "abc"), 3);
});

Deno.test("nearest() suggests only names close enough to be a typo", () => {
  const known = ["fusion", "features", "style", "out", "help"];
  assert.equal(nearest("fusoin", known), "fusion");
  assert.equal(nearest("feature", known), "features");
  assert.equal(nearest("zzzzzzzz", known), undefined);
});

Deno.test("parseFlags() turns parse errors into usage errors", () => {
  const options = { out: { type: "string" }, quiet: { type: "boolean" } } as const;
  assert.deepEqual(parseFlags(["--out", "x", "a"], options).positionals, ["a"]);
  assert.throws(() => parseFlags(["--qiuet"], options), {
    name: "Error",
    message: "unknown option --qiuet; did you mean --quiet?",
  });
  assert.throws(() => parseFlags(["--qiuet"], options), UsageError);
  assert.throws(() => parseFlags(["--quiet=1"], options), /option --quiet takes no value/);
  assert.throws(
    () => parseFlags(["a"], options, { positionals: false }),
    /unexpected argument "a"/,
  );
  assert.equal(parseFlags(["-h", "a"], options, { positionals: false }).values.help, true);
});
