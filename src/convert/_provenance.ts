/** Provenance recorded in a converted model's `meta.json`: source digest and harness version. */
import { createHash } from "node:crypto";
import type { _Progress } from "./_checkpoint_weights.ts";

/** Streams `path` through SHA-256 (a 1 GB checkpoint is never held in memory); hex digest. */
export async function _sha256File(path: string, onProgress?: _Progress): Promise<string> {
  const hash = createHash("sha256");
  using file = await Deno.open(path);
  const total = (await file.stat()).size;
  const buffer = new Uint8Array(1 << 22);
  let done = 0;
  for (;;) {
    const n = await file.read(buffer);
    if (n === null) break;
    hash.update(buffer.subarray(0, n));
    done += n;
    onProgress?.("sha256", done, total);
  }
  return hash.digest("hex");
}

/** The harness version, from deno.json. */
export async function _harnessVersion(): Promise<string> {
  const url = new URL("../../deno.json", import.meta.url);
  const config = JSON.parse(await Deno.readTextFile(url)) as { version?: string };
  return config.version ?? "unknown";
}
