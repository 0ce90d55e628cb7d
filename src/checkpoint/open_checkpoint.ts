/**
 * Reads PyTorch / PyTorch Lightning checkpoints (`torch.save` zip format, torch ≥ 1.6)
 * without Python. The archive holds `<top>/data.pkl`, a pickle whose tensors point by
 * persistent id at raw storages `<top>/data/<key>`; `<top>` is `archive` in recent torch
 * and the file's stem in torch 1.13, so it is found from the entry ending in `/data.pkl`.
 * Storages are read lazily, one tensor at a time, so large checkpoints stay on disk.
 *
 * @module
 */
import { basename } from "node:path";
import { storageFromPersistentId } from "./_globals.ts";
import { gatherFloat32, storageSpan } from "./_materialise.ts";
import { ZipReader } from "./_zip_reader.ts";
import { unpickle } from "./pickle.ts";
import { PickledObject } from "./pickled_object.ts";
import { safeGlobals } from "./safe_globals.ts";
import { DTYPE_BYTES, TensorRef } from "./tensor_ref.ts";
import type { Tensor } from "./tensor_ref.ts";

/** An open checkpoint. Close it (or `await using` it) to release the file. */
export interface Checkpoint extends AsyncDisposable {
  /** The file's base name, used in error messages. */
  readonly name: string;
  /** The unpickled top-level object (for Lightning, a `Map` with `state_dict`, `epoch`, …). */
  readonly root: unknown;
  /**
   * The tensors of `root.state_dict`, or of `root` itself when it is a dict of tensors,
   * keyed by parameter name in file order. Non-tensor values are skipped.
   * Throws TypeError when neither holds a tensor dict.
   */
  stateDict(): ReadonlyMap<string, TensorRef>;
  /**
   * `root.hyper_parameters` (or `root.hparams`) as plain data: dicts, custom objects and
   * `argparse.Namespace`s become records (an object also carries its `$class`), recursively.
   * `undefined` when the checkpoint has none.
   */
  hyperParameters(): Record<string, unknown> | undefined;
  /** Reads `ref` from its storage as a contiguous float32 tensor. */
  tensor(ref: TensorRef): Promise<Tensor>;
  /** Releases the file. */
  close(): Promise<void>;
}

/** Options of {@linkcode openCheckpoint}. */
export interface OpenCheckpointOptions {
  /**
   * Globals (`module.name`) allowed beyond `torch.load(weights_only=True)`'s list, e.g.
   * `LIGHTNING_HPARAM_GLOBALS`. Default none.
   */
  allowGlobals?: readonly string[];
}

/**
 * Opens a checkpoint and unpickles its `data.pkl`; tensor data is read later by
 * {@linkcode Checkpoint.tensor}.
 *
 * Errors: a file that is not a zip or is truncated → SyntaxError
 * (`Cannot read model.ckpt as a zip archive: end of central directory not found (file truncated?)`);
 * a zip without `data.pkl` → TypeError; a damaged pickle → SyntaxError with its byte offset;
 * an entry whose CRC-32 does not match → SyntaxError naming the entry and the file; a global
 * that `torch.load(weights_only=True)` would refuse and `allowGlobals` does not list →
 * `UnsafeGlobalError` naming it. Nothing in the pickle is ever executed.
 *
 * @example
 * ```ts ignore
 * await using ckpt = await openCheckpoint("CAFace_AdaFaceWebFace4M.ckpt");
 * const pe = await ckpt.tensor(ckpt.stateDict().get("aggregator.norm_emb.pe")!);
 * ```
 */
export async function openCheckpoint(
  path: string,
  options: OpenCheckpointOptions = {},
): Promise<Checkpoint> {
  const name = basename(path);
  const zip = await ZipReader.open(path, name);
  try {
    const pickles = [...zip.entries.keys()].filter((e) => e.endsWith("/data.pkl"))
      .sort((a, b) => a.length - b.length);
    const pickleEntry = pickles[0];
    if (pickleEntry === undefined) {
      const found = [...zip.entries.keys()].slice(0, 3).map((e) => `"${e}"`).join(", ");
      throw new TypeError(
        `Cannot read ${name} as a PyTorch checkpoint as no entry ends in /data.pkl: found ${
          found || "no entries"
        }`,
      );
    }
    const top = pickleEntry.slice(0, -"/data.pkl".length);
    const byteorderEntry = `${top}/byteorder`;
    const littleEndian = !zip.entries.has(byteorderEntry) ||
      new TextDecoder().decode(await zip.read(byteorderEntry)).trim() !== "big";
    const root = unpickle(await zip.read(pickleEntry), {
      source: `${name} (${pickleEntry})`,
      persistentLoad: (pid) => storageFromPersistentId(pid) ?? pid,
      allowGlobal: safeGlobals(options.allowGlobals),
    });
    return new _Checkpoint({ name, root, zip, top, littleEndian });
  } catch (e) {
    await zip.close();
    throw e;
  }
}

class _Checkpoint implements Checkpoint {
  readonly name: string;
  readonly root: unknown;
  #zip: ZipReader;
  #top: string;
  #littleEndian: boolean;
  #stateDict: Map<string, TensorRef> | undefined;

  constructor(
    fields: { name: string; root: unknown; zip: ZipReader; top: string; littleEndian: boolean },
  ) {
    this.name = fields.name;
    this.root = fields.root;
    this.#zip = fields.zip;
    this.#top = fields.top;
    this.#littleEndian = fields.littleEndian;
  }

  stateDict(): ReadonlyMap<string, TensorRef> {
    if (this.#stateDict !== undefined) return this.#stateDict;
    const root = this.root;
    const inner = root instanceof Map ? root.get("state_dict") : undefined;
    const source = inner instanceof Map
      ? inner
      : root instanceof Map && [...root.values()].some((v) => v instanceof TensorRef)
      ? root
      : undefined;
    if (source === undefined) {
      throw new TypeError(
        `Cannot find a state dict in ${this.name}: the root has no "state_dict" and holds no tensors`,
      );
    }
    const tensors = new Map<string, TensorRef>();
    for (const [key, value] of source) {
      if (typeof key === "string" && value instanceof TensorRef) tensors.set(key, value);
    }
    this.#stateDict = tensors;
    return tensors;
  }

  hyperParameters(): Record<string, unknown> | undefined {
    if (!(this.root instanceof Map)) return undefined;
    const value = this.root.get("hyper_parameters") ?? this.root.get("hparams");
    const plain = _plain(value);
    return typeof plain === "object" && plain !== null && !Array.isArray(plain) &&
        Object.getPrototypeOf(plain) === Object.prototype
      ? plain as Record<string, unknown>
      : undefined;
  }

  async tensor(ref: TensorRef): Promise<Tensor> {
    const itemBytes = DTYPE_BYTES[ref.dtype];
    const { first, end } = storageSpan(ref);
    const bytes = await this.#zip.read(
      `${this.#top}/data/${ref.storageKey}`,
      first * itemBytes,
      end * itemBytes,
    );
    const data = gatherFloat32(ref, bytes, { first, littleEndian: this.#littleEndian });
    return { shape: [...ref.shape], data };
  }

  close(): Promise<void> {
    return this.#zip.close();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}

/** Dicts and objects → records, recursively; other values as they are. */
function _plain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(_plain);
  if (value instanceof Map) return _record(value, {});
  if (value instanceof PickledObject) {
    const out = _record(value.items, { $class: value.$class });
    const state = value.state;
    const parts = Array.isArray(state) && state.length === 2 ? state : [state];
    for (const part of parts) {
      if (part instanceof Map) _record(part, out);
      else if (part !== undefined && part !== null) out.$state = _plain(part);
    }
    return out;
  }
  return value;
}

function _record(map: Map<unknown, unknown>, out: Record<string, unknown>) {
  for (const [k, v] of map) out[String(k)] = _plain(v);
  return out;
}
