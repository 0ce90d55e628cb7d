/** Test helpers for src/extract and the extraction tasks: tiny backbones and datasets. */
import { decodeImage, encodePng, rgbImage } from "../images/mod.ts";
import { GraphBuilder } from "../onnx/mod.ts";
import type { FeatureStore } from "./feature_store.ts";
import { resolvePreprocess } from "./preprocess.ts";
import { STORE_FORMAT, type StoreManifest } from "./store_manifest.ts";

/** A seeded xorshift generator of floats in [−1, 1). */
export function _random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 31 - 1;
  };
}

/** A linear backbone: flatten `[B,3,size,size]` then MatMul to `dim` (and `styleDim`). */
export interface _LinearBackbone {
  readonly bytes: Uint8Array;
  readonly weights: Float32Array;
  readonly styleWeights?: Float32Array;
  readonly dim: number;
  readonly styleDim?: number;
}

/**
 * Builds a linear backbone with seeded weights: `embedding = flatten(x)·W` (and
 * `style = flatten(x)·S`), so a float64 reference is a plain dot product.
 */
export function _linearBackbone(options: {
  seed?: number;
  dim?: number;
  styleDim?: number;
  batch?: number | string;
  size?: number;
  embeddingName?: string;
} = {}): _LinearBackbone {
  const size = options.size ?? 112, dim = options.dim ?? 8;
  const k = 3 * size * size;
  const next = _random(options.seed ?? 7);
  const g = new GraphBuilder("linear");
  const batch = options.batch ?? "N";
  g.input("input", [batch, 3, size, size]);
  const flat = g.op("Flatten", ["input"], { axis: 1 });
  const weights = Float32Array.from({ length: k * dim }, () => next() * 0.01);
  const w = g.float("w", weights, [k, dim]);
  const embeddingName = options.embeddingName ?? "embedding";
  g.node("MatMul", [flat, w], { outputs: [embeddingName] });
  g.output(embeddingName, [batch, dim]);
  let styleWeights: Float32Array | undefined;
  if (options.styleDim !== undefined) {
    styleWeights = Float32Array.from({ length: k * options.styleDim }, () => next() * 0.01);
    const s = g.float("s", styleWeights, [k, options.styleDim]);
    g.node("MatMul", [flat, s], { outputs: ["style"] });
    g.output("style", [batch, options.styleDim]);
  }
  return { bytes: g.toBytes(), weights, styleWeights, dim, styleDim: options.styleDim };
}

/** `x·W` in float64 for one image of `k` values: the reference for {@linkcode _linearBackbone}. */
export function _linearReference(x: Float32Array, weights: Float32Array, dim: number): number[] {
  const k = x.length;
  const out = new Array<number>(dim).fill(0);
  for (let i = 0; i < k; i++) {
    const v = x[i]!;
    for (let d = 0; d < dim; d++) out[d]! += v * weights[i * dim + d]!;
  }
  return out;
}

/** One row of an IJB image table. */
export interface _Row {
  readonly name: string;
  readonly landmarks: readonly number[];
}

/** The 55 johns rows (names relative to `fixtures/`, i.e. `johns/loose_crop/<n>.jpg`). */
export async function _johnsRows(): Promise<_Row[]> {
  const text = await Deno.readTextFile("fixtures/johns/meta/demo_name_5pts_score.txt");
  return text.trim().split("\n").map((line) => {
    const f = line.trim().split(/\s+/);
    return { name: `johns/loose_crop/${f[0]}`, landmarks: f.slice(1, 11).map(Number) };
  });
}

/** Writes `<dir>/meta/demo_face_tid_mid.txt` and `demo_name_5pts_score.txt` for the rows. */
export async function _writeDemoMeta(dir: string, rows: readonly _Row[]): Promise<void> {
  await Deno.mkdir(`${dir}/meta`, { recursive: true });
  await Deno.writeTextFile(
    `${dir}/meta/demo_face_tid_mid.txt`,
    rows.map((r, i) => `${r.name} ${1 + (i % 7)} ${100 + i}\n`).join(""),
  );
  await Deno.writeTextFile(
    `${dir}/meta/demo_name_5pts_score.txt`,
    rows.map((r) => `${r.name} ${r.landmarks.join(" ")} 0.9\n`).join(""),
  );
}

/** The awkward files of fixtures/images, with landmarks inside their 24×16 frame. */
export const _BAD_ROWS: readonly (_Row & { readonly reason: string | null })[] = [
  ["images/missing.jpg", "missing"],
  ["images/empty.jpg", "empty"],
  ["images/random.jpg", "corrupt"],
  ["images/truncated.jpg", null],
  ["images/vector.svg", "unsupported"],
  ["images/grey.jpg", null],
  ["images/cmyk.jpg", null],
  ["images/grey16.png", null],
  ["images/rgb16.png", null],
].map(([name, reason]) => ({
  name: name!,
  reason: reason ?? null,
  landmarks: [8, 6, 16, 6, 12, 9, 9, 12, 15, 12],
}));

/** A manifest for `rows` images of width `dim`, shards of 4 rows. */
export function _manifest(rows: number, overrides: Partial<StoreManifest> = {}): StoreManifest {
  return {
    format: STORE_FORMAT,
    model: { file: "m.onnx", sha256: "a".repeat(64) },
    preprocess: resolvePreprocess(),
    images: { count: rows, sha256: "b".repeat(64) },
    part: { index: 0, count: 1 },
    dim: 3,
    styleDim: 2,
    shardRows: 4,
    input: { alignment: "warped", height: 112, width: 112, precision: "float32" },
    code: { sha256: "c".repeat(64), files: { "src/extract/backbone.ts": "d".repeat(64) } },
    ...overrides,
  };
}

/** Fills every shard of a store with values `imageRow * 10 + column`. */
export async function _fill(store: FeatureStore): Promise<void> {
  const { dim, styleDim } = store.manifest;
  for (let k = 0; k < store.shardCount; k++) {
    const { start, count } = store.shardRange(k);
    const rows = Array.from({ length: count }, (_, i) => store.imageRow(start + i));
    await store.writeShard(k, {
      rows: count,
      embedding: Float32Array.from(
        rows.flatMap((r) => Array.from({ length: dim }, (_, c) => r * 10 + c)),
      ),
      style: Float32Array.from(
        rows.flatMap((r) => Array.from({ length: styleDim! }, (_, c) => -r - c)),
      ),
      failures: rows.filter((r) => r === 5).map((r) => ({
        row: r,
        name: "5.jpg",
        reason: "corrupt",
        message: "m",
      })),
    });
  }
}

/**
 * Blurs an image file in place with a (2r+1)×(2r+1) box filter (separable, edges averaged
 * over the pixels inside), written back as PNG bytes under the same name.
 */
export async function _blurFile(path: string, radius: number): Promise<void> {
  const img = await decodeImage(path);
  const { width: w, height: h } = img;
  const pass = (src: Uint8Array, dx: number, dy: number) => {
    const out = new Uint8Array(src.length);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let c = 0; c < 3; c++) {
          let sum = 0, n = 0;
          for (let t = -radius; t <= radius; t++) {
            const xx = x + t * dx, yy = y + t * dy;
            if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
            sum += src[3 * (yy * w + xx) + c]!;
            n++;
          }
          out[3 * (y * w + x) + c] = Math.round(sum / n);
        }
      }
    }
    return out;
  };
  const blurred = pass(pass(img.data, 1, 0), 0, 1);
  await Deno.writeFile(path, await encodePng(rgbImage(w, h, blurred)));
}
