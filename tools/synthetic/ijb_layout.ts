/**
 * Writes an IJB-sized synthetic protocol for speed and memory benchmarks, in the
 * insightface layout: IJB-B by default (227,630 images in 12,115 templates = 1,845 gallery
 * + 10,270 probe templates, 8,010,270 pairs of which 10,270 genuine), or IJB-C with
 * {@linkcode IJBC_SHAPE}; the 1:N galleries and probes, and `features.npy` [images, 512]
 * float32. Deterministic; reused when already present.
 */
import { xorshift } from "../../src/core/mod.ts";
import { matrix } from "../../src/features/mod.ts";
import { writeNpy } from "../../src/features/mod.ts";

export const IJBB_SHAPE = {
  images: 227_630,
  subjects: 1_845,
  probes: 10_270,
  impostors: 8_000_000,
  dim: 512,
  prefix: "ijbb",
  galleries: ["S1", "S2"],
} as const;

/** IJB-C sizes: 469,375 images, 23,124 templates, 15,658,489 pairs. */
export const IJBC_SHAPE = {
  images: 469_375,
  subjects: 3_531,
  probes: 19_593,
  impostors: 15_658_489 - 19_593,
  dim: 512,
  prefix: "ijbc",
  galleries: ["G1", "G2"],
} as const;

/** The sizes of a synthetic protocol. */
export type SyntheticShape = typeof IJBB_SHAPE | typeof IJBC_SHAPE;

export async function syntheticIjb(
  dir: string,
  shape: SyntheticShape = IJBB_SHAPE,
): Promise<string> {
  const done = `${dir}/.complete`;
  try {
    await Deno.stat(done);
    return dir;
  } catch { /* generate */ }
  await Deno.mkdir(`${dir}/meta`, { recursive: true });
  const { images, subjects, probes, impostors, dim, prefix } = shape;
  const next = xorshift(12345);
  // Template sizes: heavy-tailed, summing exactly to `images`.
  const templates = subjects + probes;
  const sizes = new Int32Array(templates).fill(1);
  for (let left = images - templates; left > 0; left--) {
    const t = Math.floor(templates * next() ** 2.2);
    sizes[t]!++;
  }
  const subjectOf = (t: number) => t < subjects ? t : (t - subjects) % subjects;
  const idOf = (t: number) => t < subjects ? t + 1 : 10_001 + t - subjects;
  const identity = new Float32Array(subjects * dim).map(() => next() - 0.5);
  const features = matrix(images, dim);
  const lines: string[] = [];
  const points: string[] = [];
  let row = 0, media = 0;
  for (let t = 0; t < templates; t++) {
    const s = subjectOf(t);
    for (let k = 0; k < sizes[t]!; k++, row++) {
      if (k % 7 === 0) media++;
      lines.push(`${row + 1}.jpg ${idOf(t)} ${media}\n`);
      points.push(`${row + 1}.jpg 46 62 87 60 68 77 52 99 86 98 0.99\n`);
      const q = 0.03 + 0.2 * next();
      const base = row * dim;
      for (let j = 0; j < dim; j++) {
        features.data[base + j] = (q * identity[s * dim + j]! + (1 - q) * (next() - 0.5)) * 40;
      }
    }
  }
  await Deno.writeTextFile(`${dir}/meta/${prefix}_face_tid_mid.txt`, lines.join(""));
  await Deno.writeTextFile(`${dir}/meta/${prefix}_name_5pts_score.txt`, points.join(""));
  using file = await Deno.open(`${dir}/meta/${prefix}_template_pair_label.txt`, {
    write: true,
    create: true,
    truncate: true,
  });
  const encoder = new TextEncoder();
  let chunk: string[] = [];
  const flush = async () => {
    const bytes = encoder.encode(chunk.join(""));
    for (let off = 0; off < bytes.length;) off += await file.write(bytes.subarray(off));
    chunk = [];
  };
  for (let p = 0; p < probes; p++) chunk.push(`${idOf(p % subjects)} ${idOf(subjects + p)} 1\n`);
  for (let i = 0; i < impostors; i++) {
    const g = Math.floor(next() * subjects);
    let p = Math.floor(next() * probes);
    if (p % subjects === g) p = (p + 1) % probes;
    chunk.push(`${idOf(g)} ${idOf(subjects + p)} 0\n`);
    if (chunk.length === 1 << 20) await flush();
  }
  await flush();
  const header =
    "TEMPLATE_ID,SUBJECT_ID,FILENAME,SIGHTING_ID,FACE_X,FACE_Y,FACE_WIDTH,FACE_HEIGHT\n";
  const set = (from: number, to: number) =>
    header + Array.from({ length: to - from }, (_, k) => {
      const t = from + k;
      return `${idOf(t)},${subjectOf(t) + 1},img/${t}.jpg,${t},0,0,100,100\n`;
    }).join("");
  const half = Math.floor(subjects / 2);
  const [g1, g2] = shape.galleries;
  await Deno.writeTextFile(`${dir}/meta/${prefix}_1N_gallery_${g1}.csv`, set(0, half));
  await Deno.writeTextFile(`${dir}/meta/${prefix}_1N_gallery_${g2}.csv`, set(half, subjects));
  await Deno.writeTextFile(`${dir}/meta/${prefix}_1N_probe_mixed.csv`, set(subjects, templates));
  await writeNpy(`${dir}/features.npy`, features);
  await Deno.writeTextFile(done, "");
  return dir;
}

/** How a pair variant lists its pairs (see {@linkcode syntheticPairVariant}). */
export type PairArrangement = "swapped" | "random";

/**
 * A copy of the synthetic protocol in `base` (links to its features and meta files) whose
 * pairs file is rearranged: `swapped` lists 30% of the pairs (every pair with `p % 10 < 3`)
 * the other way round; `random` keeps the genuine pairs and draws the 8M impostors
 * uniformly over all templates in either order. Written to `${base}-${arrangement}`.
 */
export async function syntheticPairVariant(
  base: string,
  arrangement: PairArrangement,
  shape: SyntheticShape = IJBB_SHAPE,
): Promise<string> {
  const dir = `${base}-${arrangement}`;
  try {
    await Deno.stat(`${dir}/.complete`);
    return dir;
  } catch { /* generate */ }
  await Deno.mkdir(`${dir}/meta`, { recursive: true });
  const pairsName = `${shape.prefix}_template_pair_label.txt`;
  for await (const entry of Deno.readDir(`${base}/meta`)) {
    if (entry.name === pairsName) continue;
    await Deno.remove(`${dir}/meta/${entry.name}`).catch(() => {});
    await Deno.symlink(`${base}/meta/${entry.name}`, `${dir}/meta/${entry.name}`);
  }
  await Deno.remove(`${dir}/features.npy`).catch(() => {});
  await Deno.symlink(`${base}/features.npy`, `${dir}/features.npy`);
  const lines = (await Deno.readTextFile(`${base}/meta/${pairsName}`)).split("\n");
  const ids = [...new Set(lines.flatMap((l) => l.split(" ").slice(0, 2)))].filter(Boolean);
  const next = xorshift(777);
  const out = lines.map((line, p) => {
    if (!line) return line;
    const [a, b, label] = line.split(" ");
    if (arrangement === "swapped") return p % 10 < 3 ? `${b} ${a} ${label}` : line;
    if (label === "1") return line;
    const x = ids[Math.floor(next() * ids.length)]!;
    let y = ids[Math.floor(next() * ids.length)]!;
    if (y === x) y = ids[(ids.indexOf(x) + 1) % ids.length]!;
    return `${x} ${y} 0`;
  });
  await Deno.writeTextFile(`${dir}/meta/${pairsName}`, out.join("\n"));
  await Deno.writeTextFile(`${dir}/.complete`, "");
  return dir;
}
