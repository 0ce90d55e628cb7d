/**
 * Faults in what users feed the harness: checkpoints with a flipped bit, hostile pickles,
 * image names that try to leave the output folder.
 */
import {
  type Case,
  type Context,
  deno,
  flipBit,
  list,
  type Outcome,
  ROOT,
  sameBytes,
} from "./_harness.ts";

const CKPT = `${ROOT}fixtures/caface/caface_random.ckpt`;
const GRAPHS = ["aggregate.onnx", "cluster.onnx", "style_merge.onnx"];

export const checkpointBitFlip: Case = {
  name: "a flipped bit in a CAFace checkpoint, then convert",
  group: "input",
  async run(ctx: Context): Promise<Outcome[]> {
    const clean = await deno("tasks/convert.ts", [
      "caface",
      "--ckpt",
      CKPT,
      "--out",
      `${ctx.tmp}/clean`,
      "-q",
    ]);
    if (clean.code !== 0) return [{ ok: false, detail: `clean convert failed: ${clean.stderr}` }];
    const size = Deno.statSync(CKPT).size;
    const outcomes: Outcome[] = [];
    for (let i = 0; i < (ctx.quick ? 3 : 20); i++) {
      const path = `${ctx.tmp}/flip-${i}.ckpt`;
      await Deno.copyFile(CKPT, path);
      const offset = Math.floor(ctx.random() * size), bit = Math.floor(ctx.random() * 8);
      flipBit(path, offset, bit);
      const out = `${ctx.tmp}/out-${i}`;
      const run = await deno("tasks/convert.ts", ["caface", "--ckpt", path, "--out", out, "-q"]);
      // Exit 0 is fine only when the flip touched nothing the model is made of.
      const same = run.code === 0 &&
        GRAPHS.every((g) => sameBytes(`${out}/${g}`, `${ctx.tmp}/clean/${g}`));
      const clear = run.code === 1 && run.stderr.startsWith("error: ") &&
        run.stderr.includes(`flip-${i}.ckpt`);
      outcomes.push({
        ok: same || (clear && list(out).length === 0),
        detail: `bit ${bit} of byte ${offset}: ` +
          (run.code === 0
            ? (same ? "unused byte, same model" : "DIFFERENT MODEL, exit 0")
            : run.stderr.trim()),
      });
      await Deno.remove(path);
    }
    return outcomes;
  },
};

export const hostilePickles: Case = {
  name: "hostile pickles (os.system, builtins.eval, a custom class, a nested reduce)",
  group: "input",
  async run(ctx: Context): Promise<Outcome[]> {
    const dir = `${ROOT}fixtures/checkpoint/hostile`;
    const expected = JSON.parse(Deno.readTextFileSync(`${dir}/expected.json`)) as Record<
      string,
      { first_global: string }
    >;
    const marker = "/tmp/caface-harness-hostile-pickle-ran";
    const outcomes: Outcome[] = [];
    for (const [name, { first_global }] of Object.entries(expected)) {
      const run = await deno("tasks/convert.ts", [
        "all",
        "--ckpt",
        `${dir}/${name}.ckpt`,
        "--out",
        `${ctx.tmp}/${name}`,
        "-q",
      ]);
      const ran = list("/tmp").includes(marker.slice(5));
      outcomes.push({
        ok: run.code === 1 && run.stderr.includes(`the global ${first_global}`) && !ran,
        detail: `${name}: ${run.stderr.trim()}${ran ? " (THE PAYLOAD RAN)" : ""}`,
      });
    }
    return outcomes;
  },
};

export const pathTraversal: Case = {
  name: "image names that leave the output folder (align)",
  group: "input",
  async run(ctx: Context): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    const meta = `${ROOT}fixtures/johns/meta`;
    for (const bad of ["../../outside/x.jpg", "/tmp/caface-harness-abs.jpg", "a/../../../x.jpg"]) {
      const data = `${ctx.tmp}/data-${outcomes.length}`;
      await Deno.mkdir(`${data}/meta`, { recursive: true });
      for (const f of list(meta)) await Deno.copyFile(`${meta}/${f}`, `${data}/meta/${f}`);
      for (
        const [file, fields] of [["demo_face_tid_mid.txt", "1 1"], [
          "demo_name_5pts_score.txt",
          "38 51 74 51 56 72 41 92 71 92 0.9",
        ]]
      ) {
        const lines = Deno.readTextFileSync(`${data}/meta/${file}`).trimEnd().split("\n");
        lines.splice(2, 0, `${bad} ${fields}`);
        Deno.writeTextFileSync(`${data}/meta/${file}`, lines.join("\n") + "\n");
      }
      const out = `${ctx.tmp}/deep/er/out`;
      const run = await deno("tasks/align.ts", [
        "--data",
        data,
        "--images",
        `${ROOT}fixtures/johns/loose_crop`,
        "--out",
        out,
        "--quiet",
      ]);
      const escaped = list(ctx.tmp).some((e) => e === "outside" || e === "x.png") ||
        list("/tmp").includes("caface-harness-abs.png");
      outcomes.push({
        ok: run.code === 1 && run.stderr.includes("line 3") && list(out).length === 0 && !escaped,
        detail: `${bad}: ${run.stderr.trim()}`,
      });
    }
    return outcomes;
  },
};

export const INPUT_CASES = [hostilePickles, pathTraversal, checkpointBitFlip];
