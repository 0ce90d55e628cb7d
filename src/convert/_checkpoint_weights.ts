/**
 * Reads the float32 tensors a converter needs from an open checkpoint, lazily and only those,
 * so `center.weight` (training only) and, for CAFace, the backbone are never materialised.
 */
import type { Checkpoint } from "../checkpoint/mod.ts";
import type { WeightTensor } from "../caface/mod.ts";

/** Progress of a long step: `done` of `total` units. */
export type _Progress = (stage: string, done: number, total: number) => void;

/**
 * Runs `build` with a stand-in lookup that checks each requested key against the state dict
 * (presence and shape, without reading any data) and returns zeros, then reads exactly the
 * keys it asked for.
 *
 * A missing key → RangeError `Cannot find aggregator.norm_emb.pe in model.ckpt`; a wrong
 * shape → TypeError `Cannot use aggregator.norm_emb.pe in model.ckpt as its shape is
 * [60, 64]: expected [61, 64]`. A tensor of one value matches any one-value shape (`[]`,
 * `[1]`), as in src/caface's `weightLookup`.
 */
export async function _readRequested(
  ckpt: Checkpoint,
  build: (probe: (key: string, shape: readonly number[]) => Float32Array) => void,
  progress?: { stage: string; onProgress?: _Progress },
): Promise<Map<string, WeightTensor>> {
  const state = ckpt.stateDict();
  const requested = new Set<string>();
  build((key, shape) => {
    const ref = state.get(key);
    if (ref === undefined) throw new RangeError(`Cannot find ${key} in ${ckpt.name}`);
    const want = shape.reduce((a, b) => a * b, 1);
    const same = ref.shape.length === shape.length && ref.shape.every((d, i) => d === shape[i]);
    if (!same && !(want === 1 && ref.numel === 1)) {
      throw new TypeError(
        `Cannot use ${key} in ${ckpt.name} as its shape is [${ref.shape.join(", ")}]: expected [${
          shape.join(", ")
        }]`,
      );
    }
    requested.add(key);
    return new Float32Array(ref.numel);
  });
  return await _readKeys(ckpt, [...requested], progress);
}

/**
 * Reads every state-dict tensor whose key starts with one of `prefixes`, except BatchNorm
 * `num_batches_tracked` counters.
 */
export async function _readPrefixed(
  ckpt: Checkpoint,
  prefixes: readonly string[],
  progress?: { stage: string; onProgress?: _Progress },
): Promise<Map<string, WeightTensor>> {
  const keys = [...ckpt.stateDict().keys()].filter((k) =>
    prefixes.some((p) => k.startsWith(p)) && !k.endsWith(".num_batches_tracked")
  );
  return await _readKeys(ckpt, keys, progress);
}

async function _readKeys(
  ckpt: Checkpoint,
  keys: readonly string[],
  progress?: { stage: string; onProgress?: _Progress },
): Promise<Map<string, WeightTensor>> {
  const state = ckpt.stateDict();
  const out = new Map<string, WeightTensor>();
  for (const [i, key] of keys.entries()) {
    const ref = state.get(key);
    if (ref === undefined) throw new RangeError(`Cannot find ${key} in ${ckpt.name}`);
    out.set(key, await ckpt.tensor(ref));
    progress?.onProgress?.(progress.stage, i + 1, keys.length);
  }
  return out;
}
