import assert from "node:assert/strict";
import { loadPairs } from "./load_pairs.ts";

const FILE = "p_template_pair_label.txt";

async function withFile(
  text: string | Uint8Array,
  fn: (path: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/${FILE}`;
    if (typeof text === "string") await Deno.writeTextFile(path, text);
    else await Deno.writeFile(path, text);
    await fn(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("loadPairs() reads the mini protocol as numpy does", async () => {
  const expected = JSON.parse(await Deno.readTextFile("fixtures/protocol/mini_expected.json"));
  const pairs = await loadPairs("fixtures/protocol/mini/meta/mini_template_pair_label.txt");
  assert.deepEqual(Array.from(pairs.t1), expected.pairs.t1);
  assert.deepEqual(Array.from(pairs.t2), expected.pairs.t2);
  assert.deepEqual(Array.from(pairs.labels), expected.pairs.labels);
});

Deno.test("loadPairs() tolerates CRLF, tabs, runs of spaces and trailing blank lines", async (t) => {
  const cases: [string, string][] = [
    ["LF", "1 2 0\n3 4 1\n2147483647 0 01\n"],
    ["CRLF", "1 2 0\r\n3 4 1\r\n2147483647 0 01\r\n"],
    ["no final line feed", "1 2 0\n3 4 1\n2147483647 0 01"],
    ["tabs and spaces", "  1\t2  0 \n3   4\t\t1\t\n2147483647 0 01   \n\n \n\r\n"],
  ];
  for (const [name, text] of cases) {
    await t.step(name, async () => {
      await withFile(text, async (path) => {
        const p = await loadPairs(path);
        assert.deepEqual(Array.from(p.t1), [1, 3, 2147483647]);
        assert.deepEqual(Array.from(p.t2), [2, 4, 0]);
        assert.deepEqual(Array.from(p.labels), [0, 1, 1]);
      });
    });
  }
  await t.step("an empty file", async () => {
    await withFile("\n\n", async (path) => {
      const p = await loadPairs(path);
      assert.equal(p.labels.length, 0);
    });
  });
});

Deno.test("loadPairs() parses lines that straddle its 8 MiB blocks", async () => {
  // Runs of 0–96 blanks before the label make lines of ~65 bytes, so 160k lines (cheap to
  // build) pass the first 8 MiB block boundary at an arbitrary place in a line.
  const n = 160_000;
  const pads = Array.from({ length: 97 }, (_, k) => " ".repeat(k + 1));
  const t1 = new Int32Array(n);
  const t2 = new Int32Array(n);
  const labels = new Uint8Array(n);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    t1[i] = (i * 7919) % 1_000_003;
    t2[i] = (i * 104729 + 17) % 2_147_483_647;
    labels[i] = i % 13 === 0 ? 1 : 0;
    const pad = pads[(i * 31) % 97]!;
    lines.push(
      i % 101 === 0
        ? `${t1[i]}\t${t2[i]}${pad}${labels[i]}\r`
        : `${t1[i]} ${t2[i]}${pad}${labels[i]}`,
    );
  }
  await withFile(lines.join("\n") + "\n", async (path) => {
    const progress: [number, number][] = [];
    const p = await loadPairs(path, { onProgress: (done, total) => progress.push([done, total]) });
    assert.deepEqual(p.t1, t1);
    assert.deepEqual(p.t2, t2);
    assert.deepEqual(p.labels, labels);
    const size = (await Deno.stat(path)).size;
    assert.ok(size > 8 << 20);
    assert.deepEqual(progress.at(-1), [size, size]);
    assert.ok(progress.length >= 2);
    assert.ok(progress.every(([d], i) => i === 0 || d >= (progress[i - 1] as number[])[0]!));
  });
});

Deno.test("loadPairs() rejects bad input naming the file and line", async (t) => {
  const cases: [string, string, string, string][] = [
    [
      "a malformed number",
      "1 2 0\n12a 3 1\n",
      "SyntaxError",
      `Cannot read ${FILE} line 2 as its tid1 is "12a": expected a whole number`,
    ],
    [
      "a negative id",
      "1 -2 0\n",
      "SyntaxError",
      `Cannot read ${FILE} line 1 as its tid2 is "-2": expected a whole number`,
    ],
    [
      "a decimal label",
      "1 2 0\n1 2 1.0",
      "SyntaxError",
      `Cannot read ${FILE} line 2 as its label is "1.0": expected a whole number`,
    ],
    [
      "2 fields",
      "1 2 0\r\n3 4\r\n",
      "SyntaxError",
      `Cannot read ${FILE} line 2 as it has 2 fields: expected 3 ("tid1 tid2 label")`,
    ],
    [
      "4 fields",
      "1 2 0 5\n",
      "SyntaxError",
      `Cannot read ${FILE} line 1 as it has 4 fields: expected 3 ("tid1 tid2 label")`,
    ],
    [
      "a blank line before the last pair",
      "1 2 0\n\n \n3 4 1\n",
      "SyntaxError",
      `Cannot read ${FILE} line 2 as it has 0 fields: expected 3 ("tid1 tid2 label")`,
    ],
    [
      "a label of 2",
      "1 2 0\n3 4 1\n5 6 2\n",
      "RangeError",
      `Cannot read ${FILE} line 3 as its label is 2: expected 0 or 1`,
    ],
    [
      "an id beyond int32",
      "2147483648 1 0\n",
      "RangeError",
      `Cannot read ${FILE} line 1 as its tid1 is 2147483648: expected at most 2147483647`,
    ],
    [
      "an overlong line",
      `1 2 0\n1 2 ${"0".repeat(9 << 20)}\n`,
      "SyntaxError",
      `Cannot read ${FILE} line 2 as it is longer than 4096 bytes`,
    ],
    [
      "an error in a later block",
      "10 20 0\n".repeat(1_200_000) + "10 20 x\n",
      "SyntaxError",
      `Cannot read ${FILE} line 1200001 as its label is "x": expected a whole number`,
    ],
  ];
  for (const [name, text, errorName, message] of cases) {
    await t.step(name, async () => {
      await withFile(text, async (path) => {
        await assert.rejects(loadPairs(path), { name: errorName, message });
      });
    });
  }
  await t.step("a missing file", async () => {
    await assert.rejects(loadPairs("no/such/dir/pairs.txt"), {
      name: "Error",
      message: "Cannot find meta file no/such/dir/pairs.txt",
    });
  });
});
