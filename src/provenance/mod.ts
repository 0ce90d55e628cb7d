/**
 * What a result or a converted model records about where it came from.
 *
 * @module
 */
export { digestFile, type FileDigest } from "./digest_file.ts";
export { digestFilesInBackground } from "./digest_files.ts";
export { harnessVersion } from "./harness_version.ts";
export { type Environment, environment, type GitState, gitState } from "./environment.ts";
export { digestModels, type ModelDigest } from "./model_digest.ts";
export { changedCode, codeChangeLine, type CodeDigest, codeDigest } from "./code_digest.ts";
export { sha256Hex } from "./sha256_hex.ts";
