import { Backbone } from "./backbone.ts";
import { resolvePreprocess } from "./preprocess.ts";
import { decodeImage, alignFace, toTensor } from "../images/mod.ts";
const b = await Backbone.load("node_modules/faceplugin-face-recognition-js/model/fr_feature.onnx", { preprocess: resolvePreprocess({}, { preset: "mobilefacenet" }), threads: Number(Deno.args[0] ?? 0) || undefined });
const x = new Float32Array(64 * b.imageSize).map(() => Math.random());
let t = performance.now();
await b.embed(x);
console.log("embed 64", (performance.now() - t) / 64, "ms/img");
t = performance.now();
const lm = new Float32Array([63.497,81.920,108.157,85.884,93.985,103.486,67.357,136.292,104.437,139.311]);
for (let i = 0; i < 64; i++) { const img = await decodeImage("fixtures/johns/loose_crop/1.jpg"); const c = alignFace(img, lm); toTensor([c]); }
console.log("decode+align 64", (performance.now() - t) / 64, "ms/img");
