/**
 * What the content-addressed store costs on a rerun: verifying a shard's checksums, and
 * checking unchanged image files against their fingerprints (stat only) or after a touch
 * (read + SHA-256).
 */
import { FeatureStore } from "./feature_store.ts";
import { checkFingerprint, readFingerprinted, statImages } from "./image_fingerprint.ts";
import { _manifest } from "./_test_data.ts";

const dir = await Deno.makeTempDir();
const store = await FeatureStore.open(
  `${dir}/s`,
  _manifest(1024, { dim: 512, styleDim: null, shardRows: 1024 }),
);
await store.writeShard(0, {
  rows: 1024,
  embedding: Float32Array.from({ length: 1024 * 512 }, (_, i) => Math.sin(i)),
  failures: [],
});
const files = Array.from({ length: 256 }, (_, i) => `${dir}/img${i}.jpg`);
for (const f of files) await Deno.writeFile(f, crypto.getRandomValues(new Uint8Array(20_000)));
const recorded = await Promise.all(
  files.map(async (f) => (await readFingerprinted(f)).fingerprint),
);

Deno.bench({
  group: "store",
  name: "readShard: 1024×512 rows, checksum verified (2 MB)",
  fn: async () => {
    await store.readShard(0);
  },
});

Deno.bench({
  group: "store",
  name: "256 unchanged 20 kB images: stat + fingerprint check",
  fn: async () => {
    const infos = await statImages(files);
    for (let i = 0; i < files.length; i++) {
      await checkFingerprint(files[i]!, infos[i]!, recorded[i]!);
    }
  },
});

Deno.bench({
  group: "store",
  name: "256 touched 20 kB images: stat + read + SHA-256",
  fn: async () => {
    const infos = await statImages(files);
    for (let i = 0; i < files.length; i++) {
      await checkFingerprint(files[i]!, infos[i]!, { ...recorded[i]!, mtimeMs: 0 });
    }
  },
});

globalThis.addEventListener("unload", () => Deno.removeSync(dir, { recursive: true }));
