/**
 * How the unpickler represents Python values it has no TypeScript equivalent for.
 *
 * Python value → TypeScript value, as produced by {@linkcode unpickle}:
 * - `dict`, `OrderedDict` → `Map` (keys keep their Python types: optimizer states use ints);
 * - `list`, `tuple` → `Array`; `set`, `frozenset` → `Set`;
 * - `str` → `string`; `bytes`, `bytearray` → `Uint8Array`;
 * - `int` → `number`, or `bigint` beyond ±2^53; `float` → `number`; `bool` → `boolean`;
 *   `None` → `null`;
 * - a torch tensor or `Parameter` → {@linkcode TensorRef}; `torch.Size` → `number[]`;
 *   `torch.device` → `string` such as `"cuda:0"`; a numpy scalar of a known dtype → `number`;
 * - an instance of any other class → {@linkcode PickledObject};
 * - a class or function that was pickled but never called → {@linkcode PickledGlobal}.
 *
 * @module
 */

/** A reference to a Python class or function, such as `torch.float32` stored as a value. */
export class PickledGlobal {
  /** Dotted name, `module.qualname`, e.g. `"torch.float32"`. */
  readonly $global: string;

  constructor(name: string) {
    this.$global = name;
  }
}

/**
 * An instance of a class the unpickler does not know, kept as data: the class name, the
 * constructor arguments, the `__setstate__` state, and the items or elements the pickle
 * added to it (for `dict` and `list` subclasses such as Lightning's `AttributeDict`).
 */
export class PickledObject {
  /** Dotted class name, e.g. `"pytorch_lightning.utilities.parsing.AttributeDict"`. */
  readonly $class: string;
  /** Positional arguments given to the class (or to its `__reduce__` callable). */
  readonly args: readonly unknown[];
  /** Keyword arguments (`NEWOBJ_EX`); empty for most objects. */
  readonly kwargs: Map<unknown, unknown>;
  /** The state passed to `__setstate__` (usually a `Map` of attributes), or `undefined`. */
  state: unknown;
  /** Items set on a `dict` subclass, in pickle order. */
  readonly items: Map<unknown, unknown> = new Map();
  /** Elements appended to a `list` subclass. */
  readonly elements: unknown[] = [];

  constructor(
    name: string,
    args: readonly unknown[] = [],
    kwargs: Map<unknown, unknown> = new Map(),
  ) {
    this.$class = name;
    this.args = args;
    this.kwargs = kwargs;
  }
}
