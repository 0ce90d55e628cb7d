import { alignCases, fixturePath } from "./_reference.ts";
import { alignFace } from "./align.ts";
import { decodeImage } from "./decode.ts";
import { estimateSimilarity } from "./similarity.ts";
import { toTensor } from "./to_tensor.ts";
import { warpAffine } from "./warp.ts";

const [first] = alignCases();
if (first === undefined) throw new Error("fixtures/align/reference.json has no cases");
const path = fixturePath(`align/${first.image}`);
const landmarks = Float64Array.from(first.landmarks);
const img = await decodeImage(path);
const m = estimateSimilarity(landmarks);
const crop = alignFace(img, landmarks);

Deno.bench({
  group: "align",
  name: "decode 150×150 JPEG + align to 112×112",
  baseline: true,
  fn: async () => {
    alignFace(await decodeImage(path), landmarks);
  },
});
Deno.bench({
  group: "align",
  name: "decode 150×150 JPEG",
  fn: async () => void await decodeImage(path),
});
Deno.bench({
  group: "align",
  name: "estimateSimilarity (5 points)",
  fn: () => void estimateSimilarity(landmarks),
});
Deno.bench({ group: "align", name: "warpAffine to 112×112", fn: () => void warpAffine(img, m) });
Deno.bench({ group: "align", name: "toTensor 1×3×112×112", fn: () => void toTensor([crop]) });
