import assert from "node:assert/strict";
import { loadTemplateSet } from "./load_template_set.ts";

const HEADER = "TEMPLATE_ID,SUBJECT_ID,FILENAME,SIGHTING_ID,FACE_X,FACE_Y,FACE_WIDTH,FACE_HEIGHT";
const FILE = "x_1N_gallery_G1.csv";
const IJBC = "fixtures/ijbc_1n";

async function withFile(text: string, fn: (path: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/${FILE}`, text);
    await fn(`${dir}/${FILE}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("loadTemplateSet() reads the mini sets in order of first appearance", async () => {
  const expected = JSON.parse(await Deno.readTextFile("fixtures/protocol/mini_expected.json"));
  const meta = "fixtures/protocol/mini/meta";
  for (
    const [key, file] of [
      ["S1", "mini_1N_gallery_S1.csv"],
      ["S2", "mini_1N_gallery_S2.csv"],
      ["probes", "mini_1N_probe_mixed.csv"],
    ]
  ) {
    const set = await loadTemplateSet(`${meta}/${file}`, key as string);
    assert.equal(set.name, key);
    assert.deepEqual(Array.from(set.templateIds), expected[key as string].templateIds);
    assert.deepEqual(Array.from(set.subjectIds), expected[key as string].subjectIds);
  }
});

Deno.test("loadTemplateSet() takes a template's subject from its first row", async () => {
  const text = `${HEADER}\r\n5,50,a.jpg,1,0,0,10,10\r\n2,20,b.jpg,2,1.5,2,10,10\r\n` +
    `5,51,c.jpg,3,0,0,10,10\r\n"7",70,"d,e.jpg",4,0,0,10,10\r\n\r\n`;
  await withFile(text, async (path) => {
    const set = await loadTemplateSet(path, "G1");
    assert.deepEqual(Array.from(set.templateIds), [5, 2, 7]);
    assert.deepEqual(Array.from(set.subjectIds), [50, 20, 70]);
  });
  await withFile(`${HEADER}\n`, async (path) => {
    assert.equal((await loadTemplateSet(path, "G1")).templateIds.length, 0);
  });
});

for (
  const [file, templates] of [["ijbc_1N_gallery_G1.csv", 1772], [
    "ijbc_1N_gallery_G2.csv",
    1759,
  ]] as const
) {
  Deno.test(`loadTemplateSet() reads the real ${file} (${templates} templates)`, async () => {
    const set = await loadTemplateSet(`${IJBC}/${file}`, file);
    assert.equal(set.templateIds.length, templates);
    assert.equal(new Set(set.templateIds).size, templates);
    // One template per subject in the IJB-C galleries.
    assert.equal(new Set(set.subjectIds).size, templates);
    const firstRow = (await Deno.readTextFile(`${IJBC}/${file}`)).split("\n")[1]!.split(",");
    assert.equal(set.templateIds[0], Number(firstRow[0]));
    assert.equal(set.subjectIds[0], Number(firstRow[1]));
  });
}

Deno.test("loadTemplateSet() rejects bad input naming the file and line", async (t) => {
  const cases: [string, string, string, string][] = [
    [
      "a wrong header",
      "TEMPLATE_ID,SUBJECT_ID\n1,2\n",
      "SyntaxError",
      `Cannot read ${FILE} line 1 as its header is "TEMPLATE_ID,SUBJECT_ID": expected "${HEADER}"`,
    ],
    [
      "an empty file",
      "",
      "SyntaxError",
      `Cannot read ${FILE} line 1 as its header is empty: expected "${HEADER}"`,
    ],
    [
      "a short row",
      `${HEADER}\n1,2,a.jpg,3,0,0,1,1\n1,2,a.jpg\n`,
      "SyntaxError",
      `Cannot read ${FILE} line 3 as it has 3 fields: expected 8 (${HEADER})`,
    ],
    [
      "a malformed template id",
      `${HEADER}\n1,2,a.jpg,3,0,0,1,1\n12a,2,a.jpg,3,0,0,1,1\n`,
      "SyntaxError",
      `Cannot read ${FILE} line 3 as its TEMPLATE_ID is "12a": expected a whole number`,
    ],
    [
      "a malformed subject id",
      `${HEADER}\n1,,a.jpg,3,0,0,1,1\n`,
      "SyntaxError",
      `Cannot read ${FILE} line 2 as its SUBJECT_ID is "": expected a whole number`,
    ],
    [
      "a malformed box",
      `${HEADER}\n1,2,a.jpg,3,0,0,wide,1\n`,
      "SyntaxError",
      `Cannot read ${FILE} line 2 as its FACE_WIDTH is "wide": expected a number`,
    ],
    [
      "an unclosed quote",
      `${HEADER}\n1,2,"a.jpg,3,0,0,1,1\n`,
      "SyntaxError",
      `Cannot read ${FILE} line 2 as CSV: Quote Not Closed: the parsing is finished with an opening quote at line 2`,
    ],
  ];
  for (const [name, text, errorName, message] of cases) {
    await t.step(name, async () => {
      await withFile(text, async (path) => {
        await assert.rejects(loadTemplateSet(path, "G1"), { name: errorName, message });
      });
    });
  }
  await t.step("a missing file", async () => {
    await assert.rejects(loadTemplateSet("no/such.csv", "G1"), {
      name: "Error",
      message: "Cannot find meta file no/such.csv",
    });
  });
});
