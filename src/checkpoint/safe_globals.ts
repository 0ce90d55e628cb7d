/**
 * Which Python globals a checkpoint's pickle may name: the allow-list of
 * `torch.load(weights_only=True)` (torch/_weights_only_unpickler.py, `_get_allowed_globals`
 * and `_tensor_rebuild_functions`), plus whatever the caller allows explicitly. The reader
 * never executes anything either way; the list keeps unexpected objects out of the data.
 *
 * @module
 */

/** Exact names that `torch.load(weights_only=True)` allows. */
export const TORCH_SAFE_GLOBALS: readonly string[] = [
  "collections.OrderedDict",
  "collections.Counter",
  "torch.nn.parameter.Parameter",
  "torch.serialization._get_layout",
  "torch.Size",
  "torch.Tensor",
  "torch.device",
  "_codecs.encode",
  "builtins.bytearray",
  "builtins.set",
  "builtins.complex",
  "torch.per_tensor_affine",
  "torch.per_tensor_symmetric",
  "torch.per_channel_affine",
  "torch.per_channel_symmetric",
  "torch.per_channel_affine_float_qparams",
  "torch.storage.TypedStorage",
  "torch.storage.UntypedStorage",
  "torch._utils._rebuild_parameter",
  "torch._utils._rebuild_parameter_with_state",
  "torch._utils._rebuild_qtensor",
  "torch._utils._rebuild_tensor",
  "torch._utils._rebuild_tensor_v2",
  "torch._utils._rebuild_tensor_v3",
  "torch._utils._rebuild_sparse_tensor",
  "torch._utils._rebuild_sparse_csr_tensor",
  "torch._utils._rebuild_meta_tensor_no_storage",
  "torch._utils._rebuild_wrapper_subclass",
  "torch._utils._rebuild_device_tensor_from_numpy",
  "torch._utils._rebuild_device_tensor_from_cpu_tensor",
  "torch._tensor._rebuild_from_type_v2",
];

/**
 * Families torch builds its list from: dtypes (`torch.float32`, `torch.uint8`, …), tensor
 * classes (`torch.FloatTensor`, `torch.cuda.HalfTensor`) and storage classes
 * (`torch.FloatStorage`, `torch.cuda.HalfStorage`).
 */
const TORCH_SAFE_PATTERNS: readonly RegExp[] = [
  /^torch\.(u?int[1-9][0-9]?|float(16|32|64)|float8_e[45]m[23](fn|fnuz)?|bfloat16|complex(32|64|128)|bool|q(u)?int(8|32|4x2|2x4))$/,
  /^torch\.(cuda\.)?(Float|Double|Half|BFloat16|Long|Int|Short|Char|Byte|Bool|ComplexFloat|ComplexDouble|QUInt8|QInt8|QInt32|QUInt4x2|QUInt2x4)?(Tensor|Storage)$/,
];

/**
 * Lightning's hyper-parameter containers: plain data holders (a dict subclass and
 * `argparse.Namespace`) that `torch.load(weights_only=True)` refuses. `deno task convert`
 * allows them by default, since a Lightning checkpoint's hyper-parameters live in them.
 */
export const LIGHTNING_HPARAM_GLOBALS: readonly string[] = [
  "pytorch_lightning.utilities.parsing.AttributeDict",
  "lightning.fabric.utilities.data.AttributeDict",
  "lightning_fabric.utilities.data.AttributeDict",
  "argparse.Namespace",
];

/** A pickle named a global that is not allowed. */
export class UnsafeGlobalError extends Error {
  constructor(readonly global: string, source: string, offset: number) {
    super(
      `Cannot load ${source}: the pickle names the global ${global} at byte ${offset}, which ` +
        `torch.load(weights_only=True) does not allow; allow it explicitly (convert ` +
        `--allow-global ${global}) only if you trust this file`,
    );
    this.name = "UnsafeGlobalError";
  }
}

/** The name as Python 3 reads it: protocol-2 `__builtin__` and `copy_reg` are renamed. */
export function normaliseGlobal(name: string): string {
  return name.replace(/^__builtin__\./, "builtins.").replace(/^copy_reg\./, "copyreg.");
}

/**
 * A predicate for `unpickle`'s `allowGlobal`: torch's weights-only list plus `extra`.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { safeGlobals } from "./safe_globals.ts";
 * const allow = safeGlobals(["argparse.Namespace"]);
 * assert.ok(allow("torch._utils._rebuild_tensor_v2") && allow("torch.FloatStorage"));
 * assert.ok(allow("argparse.Namespace") && !allow("os.system") && !allow("builtins.eval"));
 * ```
 */
export function safeGlobals(extra: readonly string[] = []): (name: string) => boolean {
  const exact = new Set([...TORCH_SAFE_GLOBALS, ...extra].map(normaliseGlobal));
  return (name) => {
    const n = normaliseGlobal(name);
    return exact.has(n) || TORCH_SAFE_PATTERNS.some((p) => p.test(n));
  };
}
