/**
 * Publishing output folders: an owner-recording lock file that survives crashes, and a
 * staged folder moved into place as a whole (docs/reports.md).
 *
 * @module
 */

export {
  acquireLock,
  type AcquireLockOptions,
  type HeldLock,
  isStale,
  LockedError,
  type LockOwner,
  readOwner,
} from "./folder_lock.ts";
export { StagedFolder, type StagedFolderOptions } from "./staged_folder.ts";
