export { gather, type PairScoreOptions, pairScores } from "./pair_scores.ts";
export { setScores } from "./set_scores.ts";
export { Similarity } from "./similarity.ts";
export { TemplateIndex } from "./template_index.ts";
