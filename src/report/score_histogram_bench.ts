import { scoreHistogram } from "./score_histogram.ts";

const N = 8_000_000;
const scores = new Float32Array(N);
const labels = new Uint8Array(N);
for (let i = 0; i < N; i++) {
  labels[i] = i % 1000 === 0 ? 1 : 0;
  scores[i] = Math.sin(i * 12.9898) * (labels[i] ? 0.4 : 0.3) + (labels[i] ? 0.5 : 0);
}

Deno.bench({
  group: "report",
  name: "scoreHistogram 8M scores, 100 bins",
  fn: () => {
    scoreHistogram(scores, labels);
  },
});
