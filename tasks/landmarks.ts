/**
 * deno task landmarks --images DIR --out FILE [--list FILE]
 */
import { parseFlags } from "./_flags.ts";
import { ARCFACE_TEMPLATE, decodeImage, ImageError } from "../src/images/mod.ts";
import { FaceLandmarker } from "../src/landmarks/mod.ts";
import { type Device, parseDevice, requireDevice } from "../src/onnx/mod.ts";
import { requirePath, runMain, UsageError } from "./_cli.ts";

const HELP = `Detect faces and write IJB-style 5-point landmarks for your own images.

Usage: deno task landmarks --images DIR --out FILE [--list FILE] [options]

Options:
  --images DIR          folder of images (the future loose_crop/)
  --out FILE            output, one line per image: "name x1 y1 ... x5 y5 score"
                        (the insightface <dataset>_name_5pts_score.txt format)
  --list FILE           image names relative to DIR, one per line, in the order to
                        write (default: every .jpg/.jpeg/.png/.bmp/.webp under DIR,
                        recursively, sorted by name)
  --score-threshold S   minimum face score (default: 0.7)
  --threads N           onnxruntime threads per model (default: all cores)
  --device D            cpu, webgpu, cuda or cuda:N for both models (default: cpu);
                        checked before any work, see \`deno task devices\`
  -h, --help            show this help

Points are absolute pixels, in the ArcFace order: left eye, right eye, nose tip, left
mouth corner, right mouth corner ("left" = image left), from faceplugin's fr_detect and
fr_landmark ONNX models; the best-scoring face of each image is used.

Every image gets a line, so the file stays row-aligned with your list. An image with no
face, or one that cannot be decoded, is reported on stderr and written with score 0 and
the ArcFace 112x112 template stretched over the whole image (alignment then gives a
centre crop); drop rows with score 0 if you prefer.

Exit status: 0 when the file was written (even with faceless images), 1 when the list cannot
be read or holds no image, 2 on a usage error (a bad flag, or no such DIR or list).`;

const EXTENSIONS = /\.(jpe?g|png|bmp|webp)$/i;

async function listImages(dir: string, prefix = ""): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir + (prefix ? `/${prefix}` : ""))) {
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory) names.push(...await listImages(dir, name));
    else if (entry.isFile && EXTENSIONS.test(entry.name)) names.push(name);
  }
  return names.sort();
}

function centred(width: number, height: number): number[] {
  return Array.from(ARCFACE_TEMPLATE, (v, i) => v / 112 * (i % 2 === 0 ? width : height));
}

await runMain(async () => {
  const { values } = parseFlags(Deno.args, {
    images: { type: "string" },
    out: { type: "string" },
    list: { type: "string" },
    "score-threshold": { type: "string", default: "0.7" },
    threads: { type: "string" },
    device: { type: "string", default: "cpu" },
    help: { type: "boolean", short: "h", default: false },
  }, { positionals: false });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (!values.images || !values.out) throw new UsageError("Cannot run without --images and --out");
  const scoreThreshold = Number(values["score-threshold"]);
  if (!(scoreThreshold >= 0 && scoreThreshold <= 1)) {
    throw new UsageError(
      `Cannot use --score-threshold ${values["score-threshold"]}: expected 0 to 1`,
    );
  }
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads > 0)) {
    throw new UsageError(`Cannot use --threads ${values.threads}: expected a positive integer`);
  }
  let device: Device;
  try {
    device = parseDevice(values.device ?? "cpu");
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  await requireDevice(device);
  const dir = values.images.replace(/\/+$/, "");
  requirePath("images", dir, { kind: "directory" });
  requirePath("list", values.list);
  const names = values.list === undefined
    ? await listImages(dir)
    : (await Deno.readTextFile(values.list)).split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) {
    throw new Error(`Cannot write landmarks: no image found in ${values.list ?? dir}`);
  }

  const landmarker = await FaceLandmarker.load({ threads, scoreThreshold, device });
  const lines: string[] = [];
  let found = 0, faceless = 0, unreadable = 0;
  for (const name of names) {
    let points: ArrayLike<number>, score = 0;
    try {
      const img = await decodeImage(`${dir}/${name}`);
      const face = await landmarker.locate(img);
      if (face === null) {
        console.error(`no face: ${name} (written with score 0 and a centred template)`);
        points = centred(img.width, img.height);
        faceless++;
      } else {
        points = face.points5;
        score = face.score;
        found++;
      }
    } catch (error) {
      if (!(error instanceof ImageError)) throw error;
      console.error(`unreadable: ${error.message} (written with score 0)`);
      points = centred(112, 112);
      unreadable++;
    }
    lines.push(
      `${name} ${Array.from(points, (v) => v.toFixed(3)).join(" ")} ${score.toFixed(3)}\n`,
    );
  }
  await landmarker.release();
  await Deno.writeTextFile(values.out, lines.join(""));
  console.error(
    `Wrote ${lines.length} rows to ${values.out}: ${found} with a face, ${faceless} without, ${unreadable} unreadable`,
  );
  return 0;
});
