/** The flags of `deno task eval`, parsed without defaults (src/pipeline/plan.ts sets them). */
import { BACKBONE_FLAGS } from "./_extract_flags.ts";

/** Every flag of eval, without defaults: the plan tells a flag given from one absent. */
export const EVAL_FLAGS = {
  ...BACKBONE_FLAGS,
  device: { type: "string" },
  store: { type: "string" },
  "on-error": { type: "string" },
  workers: { type: "string" },
  prealigned: { type: "boolean" },
  data: { type: "string" },
  features: { type: "string" },
  style: { type: "string" },
  fusion: { type: "string" },
  caface: { type: "string" },
  chunk: { type: "string" },
  tasks: { type: "string" },
  out: { type: "string" },
  "open-set-rule": { type: "string" },
  wait: { type: "string" },
  "dump-templates": { type: "boolean" },
  ci: { type: "boolean" },
  "no-ci": { type: "boolean" },
  bootstrap: { type: "string" },
  seed: { type: "string" },
  "ci-format": { type: "string" },
  "save-scores": { type: "boolean" },
  faceness: { type: "boolean" },
  "normalise-images": { type: "boolean" },
  "no-png": { type: "boolean" },
  quiet: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;
