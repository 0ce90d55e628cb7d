/**
 * CAFace fusion speed on IJB-B-shaped synthetic data: 12,115 templates whose sizes follow
 * a deterministic log-linear quantile curve through (0, 1), (0.5, 6), (0.99, 113), (1, 235)
 * (median 6, p99 113, max 235 as in IJB-B), with the seeded random-weight model of
 * fixtures/caface. `tools/caface/bench_reference.py` times PyTorch on the same sizes.
 *
 *   deno bench -A src/fusion/caface_bench.ts           (Deno.bench, group "caface")
 *   deno run -A src/fusion/caface_bench.ts [--threads N]  (prints templates/s)
 */
import { parseArgs } from "node:util";
import { writeCafaceModelDir } from "../../src/caface/mod.ts";
import { cafaceFusions, type FusionInput, type RowSource } from "../../src/fusion/mod.ts";
import { loadWeights } from "../../tools/caface/load.ts";

const TEMPLATES = 12115;

/** Template sizes, in a fixed shuffled order. */
function ijbbSizes(n = TEMPLATES): Uint32Array {
  const knots: [number, number][] = [[0, 1], [0.5, 6], [0.99, 113], [1, 235]];
  const sorted = Array.from({ length: n }, (_, i) => {
    const p = i / (n - 1);
    const k = knots.findIndex(([q], j) => j > 0 && p <= q);
    const [p0, s0] = knots[k - 1]!;
    const [p1, s1] = knots[k]!;
    return Math.round(
      Math.exp(Math.log(s0) + (Math.log(s1) - Math.log(s0)) * (p - p0) / (p1 - p0)),
    );
  });
  return Uint32Array.from({ length: n }, (_, j) => sorted[(j * 7919) % n]!);
}

/** Rows are drawn from a seeded pool, so 250k images need no 500 MB of memory. */
function poolSource(rows: number, dim: number, scale: (i: number) => number): RowSource {
  const poolRows = 4096;
  const pool = new Float32Array(poolRows * dim);
  let seed = 12345 + dim;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  for (let i = 0; i < poolRows; i++) {
    for (let j = 0; j < dim; j++) pool[i * dim + j] = rand() * scale(i);
  }
  return {
    rows,
    dim,
    readRows(start, count) {
      const out = new Float32Array(count * dim);
      for (let r = 0; r < count; r++) {
        const p = ((start + r) * 2654435761 >>> 0) % poolRows;
        out.set(pool.subarray(p * dim, (p + 1) * dim), r * dim);
      }
      return Promise.resolve(out);
    },
  };
}

function ijbbInput(): FusionInput {
  const sizes = ijbbSizes();
  const offsets = new Uint32Array(TEMPLATES + 1);
  for (let t = 0; t < TEMPLATES; t++) offsets[t + 1] = offsets[t]! + sizes[t]!;
  const total = offsets[TEMPLATES]!;
  return {
    features: poolSource(total, 512, (i) => 0.1 + (i % 50) * 0.08),
    style: poolSource(total, 64, () => 1.5),
    templates: {
      ids: Int32Array.from({ length: TEMPLATES }, (_, i) => i),
      offsets,
      rows: Uint32Array.from({ length: total }, (_, i) => i),
    },
    mediaIds: new Int32Array(total),
  };
}

async function setup(threads?: number) {
  const dir = await Deno.makeTempDir({ prefix: "caface_bench_" });
  await writeCafaceModelDir(await loadWeights(), dir, { sourceSha256: "bench" });
  const runs = await cafaceFusions(dir, { chunks: [9999, 8], threads });
  return { dir, runs, input: ijbbInput() };
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { threads: { type: "string" } } });
  const { dir, runs, input } = await setup(values.threads ? Number(values.threads) : undefined);
  const sizes = ijbbSizes();
  const sorted = [...sizes].sort((a, b) => a - b);
  console.log(
    `templates ${TEMPLATES}, images ${input.features.rows}, median ${sorted[6057]}, ` +
      `p99 ${sorted[Math.floor(0.99 * TEMPLATES)]}, max ${sorted[TEMPLATES - 1]}`,
  );
  for (const run of runs) {
    const t0 = performance.now();
    await run.fuse(input);
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `chunk ${run.chunk}: ${seconds.toFixed(2)} s, ${
        (TEMPLATES / seconds).toFixed(0)
      } templates/s`,
    );
  }
  await Deno.remove(dir, { recursive: true });
} else {
  const { runs, input } = await setup();
  for (const run of runs) {
    Deno.bench({
      group: "caface",
      name: `12,115 IJB-B-shaped templates, chunk ${run.chunk}`,
      n: 1,
      warmup: 0,
      fn: async () => {
        await run.fuse(input);
      },
    });
  }
}
