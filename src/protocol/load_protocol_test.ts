import assert from "node:assert/strict";
import { loadProtocol, type ProtocolFiles } from "./load_protocol.ts";

const MINI: ProtocolFiles = {
  dataset: "mini",
  faceTidMid: "mini_face_tid_mid.txt",
  fivePts: "mini_name_5pts_score.txt",
  pairs: "mini_template_pair_label.txt",
  galleries: [{ name: "S1", file: "mini_1N_gallery_S1.csv" }, {
    name: "S2",
    file: "mini_1N_gallery_S2.csv",
  }],
  probes: "mini_1N_probe_mixed.csv",
};
const HEADER = "TEMPLATE_ID,SUBJECT_ID,FILENAME,SIGHTING_ID,FACE_X,FACE_Y,FACE_WIDTH,FACE_HEIGHT";

async function withMeta(
  files: Record<string, string>,
  fn: (dir: string) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/meta`);
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${dir}/meta/${name}`, text);
    }
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("loadProtocol() loads and cross-checks the mini protocol", async () => {
  const expected = JSON.parse(await Deno.readTextFile("fixtures/protocol/mini_expected.json"));
  const calls: number[] = [];
  const p = await loadProtocol("fixtures/protocol/mini/", MINI, {
    onProgress: (done) => calls.push(done),
  });
  assert.equal(p.dataset, "mini");
  assert.deepEqual(p.images.names, expected.names);
  assert.deepEqual(Array.from(p.templates.ids), expected.templates.ids);
  assert.deepEqual(Array.from(p.templates.rows), expected.templates.rows);
  assert.deepEqual(Array.from(p.pairs?.t2 ?? []), expected.pairs.t2);
  assert.deepEqual(p.galleries.map((g) => g.name), ["S1", "S2"]);
  assert.deepEqual(Array.from(p.galleries[1]?.subjectIds ?? []), expected.S2.subjectIds);
  assert.deepEqual(Array.from(p.probes?.templateIds ?? []), expected.probes.templateIds);
  assert.ok(calls.length > 0);
});

Deno.test("loadProtocol() leaves out pairs and probes that the layout does not name", async () => {
  const p = await loadProtocol("fixtures/protocol/mini", {
    dataset: "mini",
    faceTidMid: MINI.faceTidMid,
    fivePts: MINI.fivePts,
    galleries: [],
  });
  assert.equal(p.pairs, undefined);
  assert.equal(p.probes, undefined);
  assert.equal("pairs" in p, false);
  assert.equal(p.galleries.length, 0);
});

Deno.test("loadProtocol() rejects bad cross-references naming the file and line", async (t) => {
  const base = {
    "t_face_tid_mid.txt": "a.jpg 1 10\nb.jpg 2 20\nc.jpg 1 11\n",
    "t_name_5pts_score.txt": ["a", "b", "c"].map((n) => `${n}.jpg 1 2 3 4 5 6 7 8 9 10 1`)
      .join("\n"),
    "t_pairs.txt": "1 2 0\n2 1 0\n1 1 1\n",
    "t_g1.csv": `${HEADER}\n1,5,a.jpg,10,0,0,1,1\n`,
  };
  const layout: ProtocolFiles = {
    dataset: "t",
    faceTidMid: "t_face_tid_mid.txt",
    fivePts: "t_name_5pts_score.txt",
    pairs: "t_pairs.txt",
    galleries: [{ name: "G1", file: "t_g1.csv" }],
  };
  await t.step("a pair naming an unknown template", async () => {
    await withMeta({ ...base, "t_pairs.txt": "1 2 0\n2 1 0\n1 99999 0\n" }, async (dir) => {
      await assert.rejects(loadProtocol(dir, layout), {
        name: "RangeError",
        message:
          "Cannot use t_pairs.txt line 3 as it names template 99999, which has no image in t_face_tid_mid.txt",
      });
    });
  });
  await t.step("a gallery naming an unknown template", async () => {
    const g1 = `${HEADER}\n1,5,a.jpg,10,0,0,1,1\n1,5,c.jpg,11,0,0,1,1\n3,6,d.jpg,12,0,0,1,1\n`;
    await withMeta({ ...base, "t_g1.csv": g1 }, async (dir) => {
      await assert.rejects(loadProtocol(dir, layout), {
        name: "RangeError",
        message:
          "Cannot use t_g1.csv line 4 as it names template 3, which has no image in t_face_tid_mid.txt",
      });
    });
  });
  await t.step("a probe file naming an unknown template", async () => {
    const probes = `${HEADER}\n2,5,b.jpg,10,0,0,1,1\n7,6,d.jpg,12,0,0,1,1\n`;
    await withMeta({ ...base, "t_probes.csv": probes }, async (dir) => {
      await assert.rejects(loadProtocol(dir, { ...layout, probes: "t_probes.csv" }), {
        name: "RangeError",
        message:
          "Cannot use t_probes.csv line 3 as it names template 7, which has no image in t_face_tid_mid.txt",
      });
    });
  });
  await t.step("a missing meta file", async () => {
    await withMeta(base, async (dir) => {
      await assert.rejects(loadProtocol(dir, { ...layout, probes: "t_probes.csv" }), {
        name: "Error",
        message: `Cannot find meta file ${dir}/meta/t_probes.csv`,
      });
    });
  });
  await t.step("the valid base loads", async () => {
    await withMeta(base, async (dir) => {
      const p = await loadProtocol(dir, layout);
      assert.deepEqual(Array.from(p.templates.ids), [1, 2]);
      assert.deepEqual(Array.from(p.templates.rows), [0, 2, 1]);
    });
  });
});
