/**
 * Loaders for IJB protocol metadata (PROTOCOLS.md §1): the line-aligned image table, the
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
