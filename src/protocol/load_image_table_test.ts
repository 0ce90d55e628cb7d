import assert from "node:assert/strict";
import { loadImageTable } from "./load_image_table.ts";

const META = "fixtures/protocol/mini/meta";
const TID = "t_face_tid_mid.txt";
const PTS = "t_name_5pts_score.txt";
const LM = "1 2 3 4 5 6 7 8 9 10 0.5";

async function withFiles(
  files: Record<string, string>,
  fn: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${dir}/${name}`, text);
    }
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("loadImageTable() reads the mini protocol as numpy does", async () => {
  const expected = JSON.parse(await Deno.readTextFile("fixtures/protocol/mini_expected.json"));
  const table = await loadImageTable(
    `${META}/mini_face_tid_mid.txt`,
    `${META}/mini_name_5pts_score.txt`,
  );
  assert.deepEqual(table.names, expected.names);
  assert.deepEqual(Array.from(table.templateIds), expected.templateIds);
  assert.deepEqual(Array.from(table.mediaIds), expected.mediaIds);
  assert.deepEqual(Array.from(table.landmarks), expected.landmarks);
  assert.deepEqual(Array.from(table.faceness), expected.faceness);
});

Deno.test("loadImageTable() tolerates CRLF, tabs, trailing spaces and blank lines", async () => {
  await withFiles({
    [TID]: "a.jpg 7 70\r\nb.jpg\t8  80  \r\n\r\n",
    [PTS]: `a.jpg ${LM}\r\nb.jpg 1 2 3 4 5 6 7 8 9 -1e1 .75 \n\n\n`,
  }, async (dir) => {
    const t = await loadImageTable(`${dir}/${TID}`, `${dir}/${PTS}`);
    assert.deepEqual(t.names, ["a.jpg", "b.jpg"]);
    assert.deepEqual(Array.from(t.templateIds), [7, 8]);
    assert.deepEqual(Array.from(t.mediaIds), [70, 80]);
    assert.equal(t.landmarks[19], -10);
    assert.deepEqual(Array.from(t.faceness), [0.5, 0.75]);
  });
});

Deno.test("loadImageTable() gives 0 rows for empty files", async () => {
  await withFiles({ [TID]: "", [PTS]: "\n" }, async (dir) => {
    const t = await loadImageTable(`${dir}/${TID}`, `${dir}/${PTS}`);
    assert.equal(t.names.length, 0);
    assert.equal(t.landmarks.length, 0);
  });
});

Deno.test("loadImageTable() rejects bad input", async (t) => {
  const cases: [string, Record<string, string>, string, string][] = [
    ["a missing 5pts file", { [TID]: "a.jpg 1 1\n" }, "Error", `Cannot find meta file DIR/${PTS}`],
    [
      "5pts with fewer rows",
      { [TID]: "a.jpg 1 1\nb.jpg 1 2\nc.jpg 2 3\n", [PTS]: `a.jpg ${LM}\nb.jpg ${LM}\n` },
      "RangeError",
      `Cannot align ${TID} with ${PTS} at line 3 as ${PTS} has 2 rows and ${TID} has 3`,
    ],
    [
      "face_tid_mid with fewer rows",
      { [TID]: "a.jpg 1 1\n", [PTS]: `a.jpg ${LM}\nb.jpg ${LM}\n` },
      "RangeError",
      `Cannot align ${TID} with ${PTS} at line 2 as ${TID} has 1 rows and ${PTS} has 2`,
    ],
    [
      "a name mismatch",
      {
        [TID]: "a.jpg 1 1\nb.jpg 1 2\nc.jpg 2 3\n",
        [PTS]: `a.jpg ${LM}\nc.jpg ${LM}\nb.jpg ${LM}`,
      },
      "RangeError",
      `Cannot align ${TID} with ${PTS} at line 2 as the names differ: "b.jpg" and "c.jpg"`,
    ],
    [
      "a malformed template id",
      { [TID]: "a.jpg 1 1\nb.jpg 12a 2\n", [PTS]: `a.jpg ${LM}\nb.jpg ${LM}\n` },
      "SyntaxError",
      `Cannot read ${TID} line 2 as its template id is "12a": expected a whole number`,
    ],
    [
      "a negative media id",
      { [TID]: "a.jpg 1 -1\n", [PTS]: `a.jpg ${LM}\n` },
      "SyntaxError",
      `Cannot read ${TID} line 1 as its media id is "-1": expected a whole number`,
    ],
    [
      "too few fields in face_tid_mid",
      { [TID]: "a.jpg 1 1\nb.jpg 2\n", [PTS]: `a.jpg ${LM}\nb.jpg ${LM}\n` },
      "SyntaxError",
      `Cannot read ${TID} line 2 as it has 2 fields: expected 3 ("name tid mid")`,
    ],
    [
      "a blank line inside face_tid_mid",
      { [TID]: "a.jpg 1 1\n\nb.jpg 2 2\n", [PTS]: `a.jpg ${LM}\nb.jpg ${LM}\n` },
      "SyntaxError",
      `Cannot read ${TID} line 2 as it has 0 fields: expected 3 ("name tid mid")`,
    ],
    [
      "too many fields in 5pts",
      { [TID]: "a.jpg 1 1\n", [PTS]: `a.jpg ${LM} 9\n` },
      "SyntaxError",
      `Cannot read ${PTS} line 1 as it has 13 fields: expected 12 ("name x1 y1 … x5 y5 faceness")`,
    ],
    [
      "a malformed landmark",
      { [TID]: "a.jpg 1 1\n", [PTS]: "a.jpg 1 2 3 x 5 6 7 8 9 10 0.5\n" },
      "SyntaxError",
      `Cannot read ${PTS} line 1 as its y2 is "x": expected a number`,
    ],
    [
      "a hexadecimal landmark",
      { [TID]: "a.jpg 1 1\n", [PTS]: "a.jpg 0x1f 2 3 4 5 6 7 8 9 10 0.5\n" },
      "SyntaxError",
      `Cannot read ${PTS} line 1 as its x1 is "0x1f": expected a number`,
    ],
    [
      "a malformed faceness",
      { [TID]: "a.jpg 1 1\n", [PTS]: "a.jpg 1 2 3 4 5 6 7 8 9 10 NaN\n" },
      "SyntaxError",
      `Cannot read ${PTS} line 1 as its faceness is "NaN": expected a number`,
    ],
    [
      "a template id beyond int32",
      { [TID]: "a.jpg 2147483648 1\n", [PTS]: `a.jpg ${LM}\n` },
      "RangeError",
      `Cannot read ${TID} line 1 as its template id is 2147483648: expected at most 2147483647`,
    ],
  ];
  for (const [name, files, errorName, message] of cases) {
    await t.step(name, async () => {
      await withFiles(files, async (dir) => {
        await assert.rejects(loadImageTable(`${dir}/${TID}`, `${dir}/${PTS}`), {
          name: errorName,
          message: message.replace("DIR", dir),
        });
      });
    });
  }
});

Deno.test("loadImageTable() reads decimals and ids by bytes exactly as Number() does", async () => {
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const special = [
    "0.1",
    "-0",
    "0",
    "123456789012345",
    "1.00000000000001",
    "99999.99999",
    "00.5",
    "-0.000001",
    "3.14159265358979",
    "1234567890123456",
    "1e3",
    ".5",
    "5.",
    "+2",
    "0.30000000000000004",
  ];
  const token = (i: number) =>
    i < special.length ? special[i]! : (next() < 0.5 ? "-" : "") +
      (next() * 10 ** Math.floor(next() * 9)).toFixed(Math.floor(next() * 8));
  const rows = 400;
  const tid: string[] = [], pts: string[] = [], want: number[] = [];
  for (let i = 0; i < rows; i++) {
    const id = i === 1 ? "2147483647" : i === 2 ? "0000000042" : String(1 + (i % 37));
    tid.push(`img${i}.jpg ${id} ${i % 5}`);
    const values = Array.from({ length: 11 }, (_, k) => token(i * 11 + k));
    want.push(...values.map(Number));
    pts.push(
      `img${i}.jpg${i % 3 ? " " : "\t "}${values.join(i % 2 ? " " : "  ")}${i % 4 ? "" : " \r"}`,
    );
  }
  await withFiles({ [TID]: tid.join("\n") + "\n", [PTS]: pts.join("\n") + "\n\n" }, async (dir) => {
    const t = await loadImageTable(`${dir}/${TID}`, `${dir}/${PTS}`);
    assert.deepEqual(t.names, tid.map((l) => l.split(" ")[0]));
    assert.deepEqual([t.templateIds[1], t.templateIds[2], t.templateIds[3]], [2147483647, 42, 4]);
    for (let i = 0; i < rows; i++) {
      for (let k = 0; k < 11; k++) {
        const got = k < 10 ? t.landmarks[i * 10 + k]! : t.faceness[i]!;
        assert.ok(Object.is(got, Math.fround(want[i * 11 + k]!)), `line ${i + 1} field ${k + 1}`);
      }
    }
  });
});
