/**
 * deno task demo --probe FRAMES_DIR_OR_VIDEO --gallery IMAGE [--caface MODELDIR] [--out DIR]
 * — the CAFace repository's demo figure.
 */
import { parseFlags } from "./_flags.ts";
import { listFrames, runDemo, videoFrames, writeDemo } from "../src/demo/mod.ts";
import { requireDevice } from "../src/onnx/mod.ts";
import { requirePath, runMain, stamp, UsageError } from "./_cli.ts";
import { BACKBONE_FLAGS, BACKBONE_HELP, backboneFlags, wholeFlag } from "./_extract_flags.ts";
import { progressPrinter } from "./_progress.ts";

const HELP = `Plot how much each frame of a probe counts, against one gallery image
(the figure of the CAFace repository's demo).

Usage: deno task demo --probe FRAMES_DIR_OR_VIDEO --gallery IMAGE [options]

  --probe P               a folder of frames (.jpg/.jpeg/.png, taken in name order, 2 before
                          10) or a video file (sampled with ffmpeg, which must be installed)
  --gallery IMAGE         the gallery image to compare with (required)
  --caface DIR            CAFace model directory (cluster.onnx, aggregate.onnx; see
                          deno task convert): also fuse with CAFace and colour the dots by the
                          CAFace weight. Needs a backbone with a style output (a converted
                          CAFace backbone and --style-output style)
  --out DIR               output folder (default: reports/demo-plot-<timestamp>/): demo.png,
                          demo.svg, demo.vl.json (Vega-Lite) and demo.json (the numbers)
  --fps F                 video frames sampled per second (default: 2)
  --max-frames N          most frames used, the first ones (default: 64)
  --title T               figure title
  --quiet                 no progress on stderr
${BACKBONE_HELP}
  -h, --help              show this help

Each frame is detected (faceplugin), aligned to the ArcFace 112x112 crop and embedded;
frames without a face are skipped and listed. The frames are fused by average (the mean of
raw features, so a frame's weight is its feature norm over the sum of norms) and, with
--caface, by CAFace over the whole template. The figure shows each frame's cosine
similarity to the gallery, coloured by its weight, a star and line per fused feature, and
the aligned crops under their dots.

Exit status: 0 on success, 1 on an error (no face in the gallery, ffmpeg missing for a
video, ...), 2 on a usage error.`;

await runMain(async () => {
  const { values } = parseFlags(Deno.args, {
    ...BACKBONE_FLAGS,
    probe: { type: "string" },
    gallery: { type: "string" },
    caface: { type: "string" },
    out: { type: "string" },
    fps: { type: "string", default: "2" },
    "max-frames": { type: "string", default: "64" },
    title: { type: "string" },
    quiet: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  }, { positionals: false });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.probe === undefined) throw new UsageError("Cannot run the demo without --probe");
  if (values.gallery === undefined) throw new UsageError("Cannot run the demo without --gallery");
  requirePath("probe", values.probe, { kind: "any" });
  requirePath("gallery", values.gallery);
  requirePath("backbone", values.backbone);
  const fps = Number(values.fps);
  if (!(fps > 0) || !Number.isFinite(fps)) {
    throw new UsageError(`Cannot use --fps "${values.fps}": expected a number > 0`);
  }
  const maxFrames = wholeFlag(values["max-frames"], "max-frames")!;
  const flags = backboneFlags(values);
  await requireDevice(flags.device);
  const out = values.out ?? `reports/demo-plot-${stamp()}`;
  const progress = progressPrinter({ quiet: values.quiet });

  const info = await Deno.stat(values.probe);
  let temp: string | undefined;
  try {
    let frames: string[];
    if (info.isDirectory) {
      frames = await listFrames(values.probe, { maxFrames });
      if (frames.length === 0) {
        throw new Error(
          `Cannot find frames in ${values.probe}: expected .jpg, .jpeg or .png files`,
        );
      }
    } else {
      temp = await Deno.makeTempDir({ prefix: "demo_frames_" });
      frames = await videoFrames(values.probe, temp, { fps, maxFrames });
    }
    const result = await runDemo(frames, values.gallery, {
      backbone: flags.backbone,
      preprocess: flags.preprocess,
      caface: values.caface,
      device: flags.device,
      threads: flags.threads,
      chart: values.title === undefined ? undefined : { title: values.title },
      onProgress: (done, total) => progress("embedding", done, total),
    });
    const paths = await writeDemo(result, out);
    const used = result.frames.length;
    console.log(`frames: ${frames.length} read, ${used} used, ${result.skipped.length} skipped`);
    for (const s of result.skipped) {
      console.log(`  skipped frame ${s.frame} ${s.path}: ${s.reason}`);
    }
    const sims = result.frames.map((f) => f.similarity);
    const mean = sims.reduce((a, b) => a + b, 0) / used;
    console.log("cosine similarity to the gallery:");
    console.log(
      `  frames   min ${Math.min(...sims).toFixed(4)}  mean ${mean.toFixed(4)}  max ${
        Math.max(...sims).toFixed(4)
      }`,
    );
    for (const f of result.fused) console.log(`  ${f.label.padEnd(8)} ${f.similarity.toFixed(4)}`);
    console.log(`wrote ${paths.join(", ")}`);
  } finally {
    if (temp !== undefined) await Deno.remove(temp, { recursive: true });
  }
  return 0;
});
