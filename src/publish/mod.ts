/**
 * Publishing output folders: a staged folder moved into place as a whole, under the lock
 * file of `src/features/lock_file.ts` (docs/reports.md).
 *
 * @module
 */

export { StagedFolder, type StagedFolderOptions } from "./staged_folder.ts";
