/**
 * Speed of `rocCurve` on an IJB-B-sized input: 8,010,270 float32 scores, 10,270 genuine.
 * The scores are generated deterministically (an LCG; impostors ≈ N(0, 0.1), genuine
 * ≈ N(0.5, 0.15) via sums of four uniforms), so runs are comparable.
 */
import { rocCurve } from "./roc_curve.ts";
import { tarAtFar } from "./tar_at_far.ts";

const PAIRS = 8_010_270;
const GENUINE = 10_270;

function _synthetic(): { scores: Float32Array; labels: Uint8Array } {
  const scores = new Float32Array(PAIRS);
  const labels = new Uint8Array(PAIRS);
  let state = 0x2022cafe;
  const uniform = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
  const stride = Math.floor(PAIRS / GENUINE);
  for (let i = 0; i < PAIRS; i++) {
    const genuine = i % stride === 0 && i / stride < GENUINE;
    const z = (uniform() + uniform() + uniform() + uniform() - 2) * Math.sqrt(3);
    labels[i] = genuine ? 1 : 0;
    scores[i] = genuine ? 0.5 + 0.15 * z : 0.1 * z;
  }
  return { scores, labels };
}

const { scores, labels } = _synthetic();
const scores64 = Float64Array.from(scores);
const wide64 = scores64.map((v, i) => v + (i % 7) * 1e-12);

Deno.bench({
  group: "roc",
  name: "rocCurve 8M float32 scores",
  baseline: true,
  fn: () => {
    rocCurve(scores, labels);
  },
});

Deno.bench({
  group: "roc",
  name: "rocCurve 8M float32 values in a Float64Array",
  fn: () => {
    rocCurve(scores64, labels);
  },
});

Deno.bench({
  group: "roc",
  name: "rocCurve 8M float64 scores that are not float32 values (64-bit keys)",
  fn: () => {
    rocCurve(wide64, labels);
  },
});

Deno.bench({
  group: "roc",
  name: "rocCurve + tarAtFar 8M float32 scores",
  fn: () => {
    tarAtFar(rocCurve(scores, labels));
  },
});
