/**
 * Feature matrices and their files: the row-major {@linkcode Matrix}, NumPy .npy reading
 * (streamed by row blocks) and writing, atomic and durable file writes, and the lock
 * file that keeps two writers out of one store or report folder.
 *
 * @module
 */
export { type Matrix, matrix, row } from "../core/mod.ts";
export { isNpyDtype, NPY_DTYPES, type NpyDtype } from "./npy_dtype.ts";
export { type NpyReader, openNpy } from "./open_npy.ts";
export { readNpy } from "./read_npy.ts";
export { writeNpy } from "./write_npy.ts";
export { writeNpyStream } from "./write_npy_stream.ts";
export { atomicWriteFile, syncDir } from "./atomic_write.ts";
export {
  acquireLock,
  type HeldLock,
  LockedError,
  type LockOptions,
  type LockOwner,
} from "./lock_file.ts";
export { readFull } from "./read_full.ts";
export { type NpyHeaderFields, parseNpyHeader } from "./_npy_header.ts";
