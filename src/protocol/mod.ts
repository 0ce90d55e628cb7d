/**
 * Loaders for IJB protocol metadata (docs/ijb-layout.md): the line-aligned image table, the
 * verification pairs, the 1:N template sets, and templates grouped as CSR.
 *
 * @module
 */
export type { ImageTable, PairList, Protocol, Templates, TemplateSet } from "./types.ts";
export { loadImageTable } from "./load_image_table.ts";
export { loadPairs, type LoadPairsOptions } from "./load_pairs.ts";
export { loadTemplateSet } from "./load_template_set.ts";
export { groupTemplates } from "./group_templates.ts";
export { loadProtocol, type LoadProtocolOptions, type ProtocolFiles } from "./load_protocol.ts";
export {
  IJBS_FILES,
  IJBS_INPUT_FILES,
  IJBS_PROTOCOLS,
  type IjbsProtocol,
  type IjbsProtocolName,
  type IjbsProtocolSets,
} from "./ijbs_layout.ts";
export { loadIjbs, type LoadIjbsOptions } from "./load_ijbs.ts";
export { ensureImageList, scanImages } from "./image_list.ts";
export {
  type BenchmarkData,
  type IdentificationSplit,
  type ImageRows,
  type Split,
  SPLIT_KINDS,
  type SplitKind,
  templateSets,
  verificationPairs,
  type VerificationSplit,
} from "./benchmark_data.ts";
export {
  type ExtractionInput,
  extractionInput,
  type IjbFiles,
  type Layout,
  layoutInputs,
  loadLayout,
  type LoadLayoutOptions,
} from "./load_layout.ts";
