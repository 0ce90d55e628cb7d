import assert from "node:assert/strict";
import { CafaceEngine, writeCafaceModelDir } from "../caface/mod.ts";
import type { FusionInput } from "./types.ts";
import { loadReference, loadWeights, memorySource } from "../../tools/caface/load.ts";

Deno.test("CafaceEngine.fuse() reports progress in frames, so one long template weighs its length", async () => {
  const ref = await loadReference();
  const dir = await Deno.makeTempDir({ prefix: "caface_progress_" });
  await writeCafaceModelDir(await loadWeights(), dir, { sourceSha256: "0".repeat(64) });
  const engine = await CafaceEngine.load(dir, { threads: 1, windowRows: 8 });
  // 40 one-frame templates, then one of the remaining 42 frames: by templates the short
  // ones are 40/41 of the work, by frames 40/82.
  const rows = ref.get("features").shape[0]!;
  const offsets = [...Array.from({ length: 41 }, (_, i) => i), rows];
  const input: FusionInput = {
    features: memorySource(ref.get("features").data, 512),
    style: memorySource(ref.get("style").data, 64),
    templates: {
      ids: Int32Array.from({ length: 41 }, (_, i) => i),
      offsets: Uint32Array.from(offsets),
      rows: Uint32Array.from({ length: rows }, (_, i) => i),
    },
    mediaIds: new Int32Array(rows),
  };
  for (const chunk of [9999, 8]) {
    const calls: [number, number][] = [];
    await engine.fuse(input, chunk, { onProgress: (done, total) => calls.push([done, total]) });
    assert.ok(calls.every(([, total]) => total === 82), JSON.stringify(calls));
    assert.deepEqual(calls[0], [0, 82], "the stage starts at 0, so its rate counts from there");
    assert.deepEqual(calls.at(-1), [82, 82]);
    assert.ok(calls.every(([done], i) => i === 0 || done > calls[i - 1]![0]));
    // The window that finishes the short templates reports 40 of 82 frames.
    assert.ok(calls.some(([done]) => done === 40), `chunk ${chunk}: ${JSON.stringify(calls)}`);
  }
  await engine.release();
  await Deno.remove(dir, { recursive: true });
});
