import assert from "node:assert/strict";
import { runTask } from "./_run_task.ts";

const TASK = new URL("./landmarks.ts", import.meta.url).pathname;
const CROPS = new URL("../fixtures/johns/loose_crop/", import.meta.url).pathname;

function run(args: string[]) {
  return runTask(TASK, args);
}

Deno.test("tasks/landmarks.ts writes one 5pts row per listed image", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.copyFile(`${CROPS}5.jpg`, `${dir}/a.jpg`);
    await Deno.copyFile(`${CROPS}3.jpg`, `${dir}/b.jpg`); // no face found (fallback row)
    await Deno.writeTextFile(`${dir}/c.jpg`, "not an image");
    await Deno.writeTextFile(`${dir}/list.txt`, "c.jpg\na.jpg\nb.jpg\n");
    const { code, stderr } = await run([
      "--images",
      dir,
      "--out",
      `${dir}/out.txt`,
      "--list",
      `${dir}/list.txt`,
      "--threads",
      "1",
    ]);
    assert.equal(code, 0, stderr);
    assert.match(stderr, /Wrote 3 rows to .*out\.txt: 1 with a face, 1 without, 1 unreadable/);
    const rows = (await Deno.readTextFile(`${dir}/out.txt`)).trim().split("\n")
      .map((line) => line.split(" "));
    assert.deepEqual(rows.map((r) => r[0]), ["c.jpg", "a.jpg", "b.jpg"]);
    for (const row of rows) assert.equal(row.length, 12);
    assert.equal(rows[0]![11], "0.000");
    assert.ok(Number(rows[1]![11]) > 0.9);
    assert.equal(rows[2]![11], "0.000");
    // b.jpg is 200×200: the ArcFace template stretched over it.
    assert.equal(rows[2]![1], (38.2946 / 112 * 200).toFixed(3));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("tasks/landmarks.ts fails on a missing folder and on missing flags", async () => {
  const missing = await run(["--images", "/nonexistent/dir", "--out", "/tmp/never.txt"]);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /Cannot read --images \/nonexistent\/dir: no such directory/);
  const usage = await run(["--images", "/tmp"]);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /Cannot run without --images and --out \(see --help\)/);
  const help = await run(["--help"]);
  assert.equal(help.code, 0);
});
