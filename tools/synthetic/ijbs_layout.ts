/**
 * Writes an IJB-S-sized synthetic layout for speed and memory benchmarks: 202 subjects,
 * 400 videos with 9–10 subjects each (3,800 (subject, video) probe templates), frame counts
 * long-tailed (log-normal, median ≈ 250, up to 6,000), float16 features [rows, 512] and
 * style [rows, 64]. Fast: each template's rows copy one of 8 precomputed float16 variants,
 * so writing is a memory copy (2 GB for 2 million rows in seconds).
 */

const DIM = 512, STYLE = 64, VARIANTS = 8;

/** Options of {@linkcode syntheticIjbs}. */
export interface SyntheticIjbsOptions {
  /** Total rows wanted (frames are scaled to reach about this). Default 2,000,000. */
  rows?: number;
  /** Videos. Default 400. */
  videos?: number;
  /** Also write style.npy. Default true. */
  style?: boolean;
}

/** Writes the layout into `dir` (unless `dir/done` exists) and returns `dir`. */
export async function syntheticIjbs(
  dir: string,
  options: SyntheticIjbsOptions = {},
): Promise<string> {
  try {
    await Deno.stat(`${dir}/done`);
    return dir;
  } catch { /* not there yet */ }
  const wanted = options.rows ?? 2_000_000, videos = options.videos ?? 400;
  let seed = 20221128;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const normal = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  await Deno.mkdir(`${dir}/protocols/galleries`, { recursive: true });
  // 1. Who is in which video, and for how many frames.
  const subjects = Array.from({ length: 202 }, (_, i) => 1001 + i);
  const pairs: { subject: number; video: number; frames: number }[] = [];
  for (let v = 0; v < videos; v++) {
    const k = v % 2 === 0 ? 9 : 10;
    const chosen = new Set<number>();
    while (chosen.size < k) chosen.add(subjects[Math.floor(rand() * subjects.length)]!);
    for (const subject of chosen) {
      pairs.push({ subject, video: v, frames: Math.exp(Math.log(250) + 1.2 * normal()) });
    }
  }
  const scale = wanted / pairs.reduce((n, p) => n + Math.min(p.frames, 6000), 0);
  for (const p of pairs) p.frames = Math.max(1, Math.min(6000, Math.round(p.frames * scale)));
  // 2. Protocol files.
  const csv = (name: string, header: string, lines: string[]) =>
    Deno.writeTextFile(`${dir}/protocols/${name}`, [header, ...lines, ""].join("\n"));
  await csv(
    "cs6_metadata.csv",
    "SUBJECT_ID,FILENAME,FRAME",
    pairs.map((p) => `${p.subject},videos/${p.video}.mp4,0`),
  );
  const probeVideos = (from: number, to: number) =>
    Array.from({ length: to - from }, (_, i) => `videos/${from + i}.mp4`);
  await csv(
    "cs6_surveillance_to_single-booking_probe.csv",
    "FILENAME",
    probeVideos(0, videos - 50),
  );
  await csv("cs6_surveillance_to_surveillance_probe.csv", "FILENAME", probeVideos(0, videos - 50));
  const half = subjects.length / 2;
  const gallery = (g: number) => subjects.filter((_, i) => (i < half) === (g === 1));
  const seen = new Set<number>();
  for (const g of [1, 2]) {
    const mine = gallery(g);
    await csv(
      `galleries/cs6_surveillance_to_single_g${g}.csv`,
      "TEMPLATE_ID,SUBJECT_ID,FILENAME",
      mine.map((s, i) => `${i},${s},img/${s * 10}.jpg`),
    );
    await csv(
      `galleries/cs6_surveillance_to_booking_g${g}.csv`,
      "TEMPLATE_ID,SUBJECT_ID,FILENAME",
      mine.flatMap((s, i) => [0, 1, 2, 3, 4].map((k) => `${i},${s},img/${s * 10 + k}.jpg`)),
    );
    const surveillance = pairs.filter((p) =>
      p.video >= videos - 50 && mine.includes(p.subject) && !seen.has(p.subject) &&
      seen.add(p.subject)
    );
    await csv(
      `galleries/cs6_surveillance_to_surveillance_g${g}.csv`,
      "TEMPLATE_ID,SUBJECT_ID,FILENAME",
      surveillance.map((p, i) => `${i},${p.subject},videos/${p.video}.mp4`),
    );
  }
  // 3. Rows: video by video, frame by frame, subjects interleaved; then the still images.
  const centre = new Map(subjects.map((s) => [s, Float32Array.from({ length: DIM }, normal)]));
  const variants = (base: Float32Array, spread: number, dim: number) => {
    const out = new Uint16Array(VARIANTS * dim);
    for (let k = 0; k < VARIANTS; k++) {
      const norm = 5 + 20 * rand();
      for (let j = 0; j < dim; j++) {
        out[k * dim + j] = _toHalf((base[j]! + spread * normal()) * norm / Math.sqrt(dim));
      }
    }
    return out;
  };
  const lines: string[] = [];
  const feats: Uint16Array[] = [];
  const styles: Uint16Array[] = [];
  const zeroStyle = new Float32Array(STYLE);
  const byVideo = Map.groupBy(pairs, (p) => p.video);
  for (let v = 0; v < videos; v++) {
    const here = (byVideo.get(v) ?? []).map((p) => {
      const offset = Float32Array.from(centre.get(p.subject)!, (c) => c + 0.8 * normal());
      return { ...p, f: variants(offset, 1.5, DIM), s: variants(zeroStyle, 1, STYLE) };
    });
    const longest = Math.max(...here.map((p) => p.frames));
    for (let f = 0; f < longest; f++) {
      for (const p of here) {
        if (f >= p.frames) continue;
        lines.push(`${p.subject}/videos_${v}_${String(f).padStart(5, "0")}.jpg`);
        const k = f % VARIANTS;
        feats.push(p.f.subarray(k * DIM, (k + 1) * DIM));
        styles.push(p.s.subarray(k * STYLE, (k + 1) * STYLE));
      }
    }
  }
  for (const s of subjects) {
    const f = variants(centre.get(s)!, 1.0, DIM), st = variants(zeroStyle, 1, STYLE);
    for (let k = 0; k < 5; k++) {
      lines.push(`${s}/img_${s * 10 + k}.jpg`);
      feats.push(f.subarray(k * DIM, (k + 1) * DIM));
      styles.push(st.subarray(k * STYLE, (k + 1) * STYLE));
    }
  }
  await Deno.writeTextFile(`${dir}/image_list.txt`, lines.join("\n") + "\n");
  await _writeHalfNpy(`${dir}/features.npy`, feats, DIM);
  if (options.style ?? true) await _writeHalfNpy(`${dir}/style.npy`, styles, STYLE);
  await Deno.writeTextFile(`${dir}/done`, `${lines.length} rows, ${pairs.length} pairs\n`);
  return dir;
}

async function _writeHalfNpy(path: string, rows: Uint16Array[], dim: number): Promise<void> {
  let header = `{'descr': '<f2', 'fortran_order': False, 'shape': (${rows.length}, ${dim}), }`;
  header += " ".repeat(64 - ((10 + header.length + 1) % 64)) + "\n";
  const head = new Uint8Array(10 + header.length);
  head.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  head.set(new TextEncoder().encode(header), 10);
  using file = await Deno.open(path, { write: true, create: true, truncate: true });
  await _writeAll(file, head);
  const perBlock = 32768;
  const block = new Uint16Array(perBlock * dim);
  for (let r = 0; r < rows.length; r += perBlock) {
    const n = Math.min(perBlock, rows.length - r);
    for (let i = 0; i < n; i++) block.set(rows[r + i]!, i * dim);
    await _writeAll(file, new Uint8Array(block.buffer, 0, n * dim * 2));
  }
}

async function _writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) done += await file.write(bytes.subarray(done));
}

const _F32 = new Float32Array(1);
const _U32 = new Uint32Array(_F32.buffer);

/** float32 → float16 bits, truncating (normal range only; enough for test data). */
function _toHalf(x: number): number {
  _F32[0] = x;
  const b = _U32[0]!;
  const sign = (b >>> 16) & 0x8000;
  const exp = ((b >>> 23) & 0xff) - 127 + 15;
  if (exp <= 0) return sign;
  if (exp >= 31) return sign | 0x7bff;
  return sign | (exp << 10) | ((b >>> 13) & 0x3ff);
}
