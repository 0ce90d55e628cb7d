import assert from "node:assert/strict";
import { runTask } from "./_run_task.ts";
import { loadWeights } from "../tools/caface/load.ts";
import { CafaceEngine, writeCafaceModelDir } from "../src/caface/mod.ts";
import { Backbone, PREPROCESS_PRESETS } from "../src/extract/mod.ts";
import { _linearBackbone } from "../src/extract/_test_data.ts";
import { type Matrix, row } from "../src/features/mod.ts";
import { alignFace, decodeImage, encodePng, rgbImage, toTensor } from "../src/images/mod.ts";
import { FaceLandmarker } from "../src/landmarks/mod.ts";
import { DEFAULT_BACKBONE } from "./_extract_flags.ts";

const SIMM = "fixtures/johns/photos/John_Simm";
const GALLERY = `${SIMM}/000310_00470511.jpg`;

function _run(args: readonly string[], env: Record<string, string> = {}) {
  return runTask("tasks/demo.ts", ["--quiet", ...args], { env });
}

/** 8 photos of John Simm as frames f1…f8 plus a faceless grey frame f9 (name order ≠ file order). */
async function _frames(dir: string): Promise<string[]> {
  const photos: string[] = [];
  for await (const e of Deno.readDir(SIMM)) photos.push(e.name);
  const chosen = photos.filter((n) => `${SIMM}/${n}` !== GALLERY).sort().slice(0, 8);
  const paths: string[] = [];
  for (const [i, name] of chosen.entries()) {
    paths.push(`${dir}/f${i + 1}.jpg`);
    await Deno.copyFile(`${SIMM}/${name}`, paths[i]!);
  }
  const grey = rgbImage(120, 120, new Uint8Array(120 * 120 * 3).fill(128));
  await Deno.writeFile(`${dir}/f9.png`, await encodePng(grey));
  return paths;
}

/** Detect, align and embed each image directly (no src/demo code). */
async function _embed(paths: readonly string[], backbone: Backbone) {
  const landmarker = await FaceLandmarker.load();
  const crops = [];
  for (const p of paths) {
    const img = await decodeImage(p);
    crops.push(alignFace(img, (await landmarker.locate(img))!.points5));
  }
  await landmarker.release();
  const { colour, scale, mean, std } = backbone.preprocess;
  return await backbone.embed(toTensor(crops, { colour, scale, mean, std }));
}

function _cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0, aa = 0, bb = 0;
  for (let j = 0; j < a.length; j++) {
    ab += a[j]! * b[j]!;
    aa += a[j]! * a[j]!;
    bb += b[j]! * b[j]!;
  }
  return ab / Math.sqrt(aa * bb);
}

function _mean(m: Matrix): Float64Array {
  const out = new Float64Array(m.dim);
  for (let r = 0; r < m.rows; r++) row(m, r).forEach((v, j) => (out[j]! += v / m.rows));
  return out;
}

function _printed(stdout: string, label: string): number {
  const match = new RegExp(`^  ${label} +(-?[0-9.]+)$`, "m").exec(stdout);
  assert.ok(match, `no ${label} line in:\n${stdout}`);
  return Number(match[1]);
}

Deno.test("demo task: average fusion of johns frames against a gallery photo", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "demo_task_" });
  try {
    const frames = await _frames(`${dir}`);
    const run = await _run(["--probe", dir, "--gallery", GALLERY, "--out", `${dir}/out`]);
    assert.equal(run.code, 0, run.stderr);
    await t.step("the faceless frame is skipped and listed", () => {
      assert.match(run.stdout, /^frames: 9 read, 8 used, 1 skipped$/m);
      assert.match(run.stdout, new RegExp(`^  skipped frame 9 ${dir}/f9.png: no face$`, "m"));
    });
    await t.step("the chart files exist and the PNG has a plausible size", async () => {
      for (const name of ["demo.vl.json", "demo.svg", "demo.json"]) {
        assert.ok((await Deno.stat(`${dir}/out/${name}`)).size > 1000, name);
      }
      const png = await decodeImage(`${dir}/out/demo.png`);
      assert.ok(png.width >= 1600 && png.width <= 4000, `width ${png.width}`);
      assert.ok(png.height >= 700 && png.height <= 2000, `height ${png.height}`);
      const svg = await Deno.readTextFile(`${dir}/out/demo.svg`);
      assert.equal(svg.match(/<image /g)?.length, 9, "8 thumbnails and the gallery");
      assert.ok(svg.includes("(average fusion: ‖f‖ / Σ‖f‖)"), "legend names the weight");
    });
    await t.step("the average similarity equals a direct computation", async () => {
      const backbone = await Backbone.load(DEFAULT_BACKBONE, {
        preprocess: PREPROCESS_PRESETS.mobilefacenet,
      });
      const probe = await _embed(frames, backbone);
      const gallery = await _embed([GALLERY], backbone);
      await backbone.release();
      const g = row(gallery.embedding, 0);
      const want = _cosine(_mean(probe.embedding), g);
      assert.ok(Math.abs(_printed(run.stdout, "Average") - want) <= 5e-5, `${want}`);
      const saved = JSON.parse(await Deno.readTextFile(`${dir}/out/demo.json`));
      assert.ok(Math.abs(saved.fused[0].similarity - want) < 1e-6);
      // Per-frame similarities and average weights ‖f‖ / Σ‖f‖.
      const norms = Array.from({ length: 8 }, (_, i) => Math.hypot(...row(probe.embedding, i)));
      const total = norms.reduce((a, b) => a + b, 0);
      saved.frames.forEach((f: { similarity: number; weights: { Average: number } }, i: number) => {
        assert.ok(Math.abs(f.similarity - _cosine(row(probe.embedding, i), g)) < 1e-5);
        assert.ok(Math.abs(f.weights.Average - norms[i]! / total) < 1e-6);
      });
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("demo task: CAFace over a style backbone matches the CAFace engine", async () => {
  const dir = await Deno.makeTempDir({ prefix: "demo_task_" });
  try {
    const frames = await _frames(dir);
    await writeCafaceModelDir(await loadWeights(), `${dir}/caface`, {
      sourceSha256: "0".repeat(64),
    });
    const model = _linearBackbone({ dim: 512, styleDim: 64, seed: 3 });
    await Deno.writeFile(`${dir}/lin.onnx`, model.bytes);
    const run = await _run([
      ...["--probe", dir, "--gallery", GALLERY, "--out", `${dir}/out`],
      ...["--backbone", `${dir}/lin.onnx`, "--style-output", "style", "--caface", `${dir}/caface`],
    ]);
    assert.equal(run.code, 0, run.stderr);
    const backbone = await Backbone.load(`${dir}/lin.onnx`, {
      preprocess: { styleOutput: "style" },
    });
    const probe = await _embed(frames, backbone);
    const gallery = await _embed([GALLERY], backbone);
    await backbone.release();
    const engine = await CafaceEngine.load(`${dir}/caface`);
    const source = (m: Matrix) => ({
      rows: m.rows,
      dim: m.dim,
      readRows: (s: number, c: number) => Promise.resolve(m.data.slice(s * m.dim, (s + c) * m.dim)),
    });
    const fused = await engine.fuse({
      features: source(probe.embedding),
      style: source(probe.style!),
      templates: {
        ids: Int32Array.of(1),
        offsets: Uint32Array.of(0, 8),
        rows: Uint32Array.of(0, 1, 2, 3, 4, 5, 6, 7),
      },
      mediaIds: new Int32Array(8),
    }, 9999);
    await engine.release();
    const want = _cosine(fused.features.data, row(gallery.embedding, 0));
    assert.ok(Math.abs(_printed(run.stdout, "CAFace") - want) <= 5e-5, `${want}\n${run.stdout}`);
    const saved = JSON.parse(await Deno.readTextFile(`${dir}/out/demo.json`));
    const weights = saved.frames.map((f: { weights: { CAFace: number } }) => f.weights.CAFace);
    assert.ok(Math.abs(weights.reduce((a: number, b: number) => a + b, 0) - 1) < 1e-9);
    assert.ok((await Deno.readTextFile(`${dir}/out/demo.svg`)).includes(">(CAFace)<"));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("demo task: refusals", async (t) => {
  const dir = await Deno.makeTempDir({ prefix: "demo_task_" });
  try {
    await t.step("--caface with a backbone that has no style output", async () => {
      await _frames(dir);
      const run = await _run(["--probe", dir, "--gallery", GALLERY, "--caface", `${dir}/none`]);
      assert.equal(run.code, 1);
      assert.equal(
        run.stderr.trim(),
        `error: Cannot fuse with CAFace model ${dir}/none as backbone ${DEFAULT_BACKBONE} has no style output: CAFace needs a style vector [64] per image, which only a converted CAFace backbone gives (its "style" output)`,
      );
    });
    await t.step("a video without ffmpeg on PATH", async () => {
      await Deno.writeTextFile(`${dir}/clip.mp4`, "");
      const run = await _run(["--probe", `${dir}/clip.mp4`, "--gallery", GALLERY], {
        PATH: `${dir}/no-bin`,
      });
      assert.equal(run.code, 1);
      assert.equal(
        run.stderr.trim(),
        `error: Cannot read video ${dir}/clip.mp4 as ffmpeg is not installed (no "ffmpeg" on PATH): install ffmpeg, or pass a folder of frames (jpg/png, in name order) instead`,
      );
    });
    await t.step("a missing --gallery is a usage error", async () => {
      const run = await _run(["--probe", dir]);
      assert.equal(run.code, 2);
      assert.equal(run.stderr.trim(), "error: Cannot run the demo without --gallery (see --help)");
    });
    await t.step("--help", async () => {
      const run = await _run(["--help"]);
      assert.equal(run.code, 0);
      assert.match(
        run.stdout,
        /^Usage: deno task demo --probe FRAMES_DIR_OR_VIDEO --gallery IMAGE/m,
      );
      assert.match(run.stdout, /--caface DIR/);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

async function _hasFfmpeg(): Promise<boolean> {
  try {
    const out = await new Deno.Command("ffmpeg", { args: ["-version"], stdout: "null" }).output();
    return out.success;
  } catch {
    return false;
  }
}

Deno.test({
  name: "demo task: a video probe is sampled with ffmpeg",
  ignore: !await _hasFfmpeg(),
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "demo_task_" });
    try {
      await _frames(dir);
      // 8 photos at 1 fps → an 8 s video; sampled at 0.5 fps → 4 frames.
      const made = await new Deno.Command("ffmpeg", {
        args: ["-loglevel", "error", "-framerate", "1", "-i", `${dir}/f%d.jpg`, "-frames:v", "8"]
          .concat(["-c:v", "ffv1", `${dir}/clip.mkv`]),
      }).output();
      assert.ok(made.success);
      const run = await _run([
        ...["--probe", `${dir}/clip.mkv`, "--gallery", GALLERY, "--out", `${dir}/out`],
        ...["--fps", "0.5", "--max-frames", "3"],
      ]);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^frames: 3 read, 3 used, 0 skipped$/m);
      await Deno.stat(`${dir}/out/demo.png`);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
