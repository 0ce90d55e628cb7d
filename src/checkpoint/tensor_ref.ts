/** Element types of torch storages that a checkpoint reader can convert to float32. */
export const TENSOR_DTYPES = [
  "float32",
  "float16",
  "bfloat16",
  "float64",
  "int64",
  "int32",
  "uint8",
  "bool",
] as const;

/** One of {@linkcode TENSOR_DTYPES}. */
export type TensorDtype = typeof TENSOR_DTYPES[number];

/** Whether `value` names one of {@linkcode TENSOR_DTYPES}. */
export function isTensorDtype(value: unknown): value is TensorDtype {
  return (TENSOR_DTYPES as readonly unknown[]).includes(value);
}

/** Bytes per element of each dtype. */
export const DTYPE_BYTES: Readonly<Record<TensorDtype, number>> = {
  float32: 4,
  float16: 2,
  bfloat16: 2,
  float64: 8,
  int64: 8,
  int32: 4,
  uint8: 1,
  bool: 1,
};

/**
 * A tensor described by a checkpoint but not yet read: a strided view into one storage,
 * as in `torch._utils._rebuild_tensor_v2`. `offset` and `stride` count elements, not bytes.
 * A 0-d tensor has `shape` and `stride` `[]` and one element.
 */
export class TensorRef {
  readonly dtype: TensorDtype;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
  readonly offset: number;
  /** The storage key from the pickle: the zip entry is `<top>/data/<storageKey>`. */
  readonly storageKey: string;

  constructor(
    fields: {
      dtype: TensorDtype;
      shape: readonly number[];
      stride: readonly number[];
      offset: number;
      storageKey: string;
    },
  ) {
    this.dtype = fields.dtype;
    this.shape = fields.shape;
    this.stride = fields.stride;
    this.offset = fields.offset;
    this.storageKey = fields.storageKey;
  }

  /** Number of elements: the product of `shape` (1 for a 0-d tensor). */
  get numel(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }
}

/** A materialised tensor: contiguous, row-major, converted to float32. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}
