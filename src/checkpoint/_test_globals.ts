/** Test helper: the globals the fixture checkpoints of fixtures/checkpoint/ use beyond torch's list. */
import { LIGHTNING_HPARAM_GLOBALS } from "./safe_globals.ts";

/** Allows what `fixtures/checkpoint/make_checkpoints.py` pickles on purpose. */
export const _FIXTURE_GLOBALS = {
  allowGlobals: [
    ...LIGHTNING_HPARAM_GLOBALS,
    "__main__.HParams",
    "builtins.frozenset",
    "numpy.core.multiarray.scalar",
    "numpy.dtype",
  ],
} as const;
