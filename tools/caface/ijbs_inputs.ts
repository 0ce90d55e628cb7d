/**
 * The CAFace inputs of the IJB-S fixture, rebuilt bit for bit from committed files by the
 * exact arithmetic of tools/caface/make_ijbs_reference.py (see there): 512-D features tiled
 * from the fixture's 32-D rows, seeded style vectors, and one generated template of 10,000
 * frames. The model is the seeded random aggregator of fixtures/caface.
 *
 * As a script it writes what `eval ijbs-demo --fusion caface` needs into a folder:
 *
 * ```sh
 * deno run -A tools/caface/ijbs_inputs.ts reports/ijbs-caface
 * deno task eval ijbs-demo --features reports/ijbs-caface/features.npy \
 *   --style reports/ijbs-caface/style.npy --caface reports/ijbs-caface/model \
 *   --fusion average,caface --chunk sweep
 * ```
 *
 * @module
 */
import { type Matrix, matrix, mulberry32 } from "../../src/core/mod.ts";
import { readNpy, writeNpy } from "../../src/features/mod.ts";
import { writeCafaceModelDir } from "../../src/caface/mod.ts";
import { loadWeights } from "./load.ts";

const FIXTURE = new URL("../../fixtures/ijbs/", import.meta.url);
/** The seeds and sizes of make_ijbs_reference.py. */
const STYLE_SEED = 16;
const STYLE_NAN = [4, 5] as const;
const LONG_SEED = 1016;
/** Frames of the generated long template: above 9,999, so chunk 9999 splits it in two. */
export const LONG_FRAMES = 10000;

/** IJB-S features [rows, 512] and style [rows, 64] for CAFace. */
export async function ijbsCafaceInputs(): Promise<{ features: Matrix; style: Matrix }> {
  const x = await readNpy(new URL("features.npy", FIXTURE).pathname);
  const features = matrix(x.rows, 512);
  for (let r = 0; r < x.rows; r++) {
    for (let b = 0; b < 16; b++) {
      const sign = b % 2 === 0 ? 0.5 : -0.5;
      for (let k = 0; k < x.dim; k++) {
        features.data[r * 512 + b * x.dim + k] = sign * x.data[r * x.dim + k]!;
      }
    }
  }
  const next = mulberry32(STYLE_SEED);
  const style = matrix(x.rows, 64);
  for (let i = 0; i < style.data.length; i++) style.data[i] = 4 * next() - 2;
  style.data[STYLE_NAN[0] * 64 + STYLE_NAN[1]] = NaN;
  return { features, style };
}

/** The long template's features [LONG_FRAMES, 512] and style [LONG_FRAMES, 64]. */
export function longTemplateInputs(): { features: Matrix; style: Matrix } {
  const next = mulberry32(LONG_SEED);
  const features = matrix(LONG_FRAMES, 512);
  const style = matrix(LONG_FRAMES, 64);
  const row = new Float64Array(512);
  for (let r = 0; r < LONG_FRAMES; r++) {
    for (let j = 0; j < 512; j++) row[j] = 2 * next() - 1;
    const scale = 0.5 + 3 * next();
    for (let j = 0; j < 512; j++) features.data[r * 512 + j] = row[j]! * scale;
    for (let j = 0; j < 64; j++) style.data[r * 64 + j] = 4 * next() - 2;
  }
  return { features, style };
}

/** Writes `features.npy`, `style.npy` and the converted random model `model/` into `dir`. */
export async function writeIjbsCafaceInputs(dir: string): Promise<void> {
  const { features, style } = await ijbsCafaceInputs();
  await Deno.mkdir(dir, { recursive: true });
  await writeNpy(`${dir}/features.npy`, features);
  await writeNpy(`${dir}/style.npy`, style);
  const source = await Deno.readFile(
    new URL("../../fixtures/caface/weights.bin.gz", import.meta.url),
  );
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", source));
  await writeCafaceModelDir(await loadWeights(), `${dir}/model`, {
    sourceSha256: Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(""),
  });
}

if (import.meta.main) {
  const dir = Deno.args[0] ?? "reports/ijbs-caface";
  await writeIjbsCafaceInputs(dir);
  console.log(`wrote ${dir}/features.npy, ${dir}/style.npy and ${dir}/model/`);
}
