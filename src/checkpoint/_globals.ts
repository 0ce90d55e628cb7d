/**
 * What the unpickler does when a pickle calls a class or function by name: the few
 * Python and torch callables whose results have TypeScript equivalents are rebuilt here;
 * every other call becomes a {@linkcode PickledObject}, so an unknown class never fails.
 *
 * @module
 */
import { PickledGlobal, PickledObject } from "./pickled_object.ts";
import { isTensorDtype, TensorRef } from "./tensor_ref.ts";
import type { TensorDtype } from "./tensor_ref.ts";

/** A storage named by a `("storage", type, key, location, numel)` persistent id. */
export class StorageRef {
  readonly key: string;
  /** `undefined` for a storage type this reader cannot convert. */
  readonly dtype: TensorDtype | undefined;
  readonly typeName: string;
  constructor(key: string, typeName: string) {
    this.key = key;
    this.typeName = typeName;
    this.dtype = STORAGE_DTYPES[typeName.replace(/^torch\./, "")];
  }
}

const STORAGE_DTYPES: Readonly<Record<string, TensorDtype>> = {
  FloatStorage: "float32",
  HalfStorage: "float16",
  BFloat16Storage: "bfloat16",
  DoubleStorage: "float64",
  LongStorage: "int64",
  IntStorage: "int32",
  ByteStorage: "uint8",
  BoolStorage: "bool",
};

/** Turns a torch persistent id into a {@linkcode StorageRef}, or `undefined` if it is not one. */
export function storageFromPersistentId(pid: unknown): StorageRef | undefined {
  if (!Array.isArray(pid) || pid[0] !== "storage" || pid.length < 3) return undefined;
  const type = pid[1];
  const typeName = type instanceof PickledGlobal ? type.$global : String(type);
  return new StorageRef(String(pid[2]), typeName);
}

/** The result of the pickle opcode REDUCE: `callable(...args)`. */
export function callGlobal(callable: unknown, args: readonly unknown[]): unknown {
  if (!(callable instanceof PickledGlobal)) return new PickledObject("(call)", [callable, ...args]);
  const name = callable.$global.replace(/^__builtin__\./, "builtins.").replace(
    /^copy_reg\./,
    "copyreg.",
  );
  switch (name) {
    case "collections.OrderedDict":
    case "builtins.dict":
      return _toMap(args[0]);
    case "builtins.set":
    case "builtins.frozenset":
      return new Set(Array.isArray(args[0]) ? args[0] : []);
    case "builtins.list":
      return Array.isArray(args[0]) ? [...args[0]] : [];
    case "builtins.bytearray":
    case "builtins.bytes":
    case "_codecs.encode":
      return _toBytes(args[0], args[1]);
    case "torch.Size":
      return Array.isArray(args[0]) ? [...args[0]] : [];
    case "torch.device":
      return args[1] === undefined || args[1] === null ? String(args[0]) : `${args[0]}:${args[1]}`;
    case "torch._utils._rebuild_tensor":
    case "torch._utils._rebuild_tensor_v2":
      return _rebuildTensor(name, args);
    case "torch._utils._rebuild_parameter":
    case "torch._utils._rebuild_parameter_with_state":
      return args[0];
    case "copyreg._reconstructor": {
      const cls = args[0];
      return new PickledObject(
        cls instanceof PickledGlobal ? cls.$global : "(class)",
        args.slice(2),
      );
    }
    case "numpy.core.multiarray.scalar":
    case "numpy._core.multiarray.scalar":
      return _numpyScalar(args) ?? new PickledObject(name, args);
  }
  return new PickledObject(name, args);
}

/** The result of the pickle opcodes NEWOBJ / NEWOBJ_EX: `cls.__new__(cls, *args, **kwargs)`. */
export function newObject(
  cls: unknown,
  args: readonly unknown[],
  kwargs?: Map<unknown, unknown>,
): unknown {
  const name = cls instanceof PickledGlobal ? cls.$global : "(class)";
  switch (name.replace(/^__builtin__\./, "builtins.")) {
    case "collections.OrderedDict":
    case "builtins.dict":
      return new Map();
    case "builtins.set":
      return new Set();
    case "builtins.list":
      return [];
  }
  return new PickledObject(name, args, kwargs);
}

function _toMap(pairs: unknown): Map<unknown, unknown> {
  if (pairs instanceof Map) return new Map(pairs);
  const map = new Map<unknown, unknown>();
  if (Array.isArray(pairs)) {
    for (const pair of pairs) if (Array.isArray(pair)) map.set(pair[0], pair[1]);
  }
  return map;
}

function _toBytes(value: unknown, encoding: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value.slice();
  if (typeof value !== "string") return new Uint8Array(0);
  if (encoding === "latin1" || encoding === "latin-1") {
    return Uint8Array.from(value, (c) => c.charCodeAt(0) & 0xff);
  }
  return new TextEncoder().encode(value);
}

function _rebuildTensor(name: string, args: readonly unknown[]): unknown {
  const [storage, offset, size, stride] = args;
  if (
    !(storage instanceof StorageRef) || storage.dtype === undefined ||
    typeof offset !== "number" || !_isNumbers(size) || !_isNumbers(stride) ||
    size.length !== stride.length || !isTensorDtype(storage.dtype)
  ) {
    return new PickledObject(name, args);
  }
  return new TensorRef({
    dtype: storage.dtype,
    shape: size,
    stride,
    offset,
    storageKey: storage.key,
  });
}

function _isNumbers(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === "number");
}

const NUMPY_CODES: Readonly<Record<string, (v: DataView, le: boolean) => number | bigint>> = {
  f8: (v, le) => v.getFloat64(0, le),
  f4: (v, le) => v.getFloat32(0, le),
  i8: (v, le) => _small(v.getBigInt64(0, le)),
  u8: (v, le) => _small(v.getBigUint64(0, le)),
  i4: (v, le) => v.getInt32(0, le),
  u4: (v, le) => v.getUint32(0, le),
  i2: (v, le) => v.getInt16(0, le),
  u2: (v, le) => v.getUint16(0, le),
  i1: (v) => v.getInt8(0),
  u1: (v) => v.getUint8(0),
  b1: (v) => v.getUint8(0),
};

function _small(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(v)
    : v;
}

/** `numpy.core.multiarray.scalar(dtype, bytes)` for plain numeric dtypes. */
function _numpyScalar(args: readonly unknown[]): number | bigint | undefined {
  const [dtype, bytes] = args;
  if (!(dtype instanceof PickledObject) || !(bytes instanceof Uint8Array)) return undefined;
  const code = dtype.args[0];
  const read = typeof code === "string" ? NUMPY_CODES[code] : undefined;
  if (read === undefined || bytes.length < Number(String(code).slice(1))) return undefined;
  const order = Array.isArray(dtype.state) ? dtype.state[1] : "<";
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return read(view, order !== ">");
}
