/**
 * The policy of `deno task eval`: parsed flags in, an evaluation plan out, or a
 * {@linkcode PlanError} naming the flag that cannot be honoured. Pure: every file check is
 * listed in the plan for the caller to make, and nothing is read or run.
 *
 * @module
 */
import type { OnErrorMode, Preprocess } from "../extract/mod.ts";
import { isOnErrorMode, ON_ERROR_MODES } from "../extract/mod.ts";
import { type FusionName, type FusionSpec, parseChunks, parseFusionNames } from "../fusion/mod.ts";
import { OPEN_SET_RULES, type OpenSetRule } from "../metrics/mod.ts";
import type { Device } from "../onnx/mod.ts";
import { type Benchmark, type Task, TASKS } from "./benchmark.ts";
import type { CiSettings } from "./_ci_context.ts";

/** A flag or a combination of flags the benchmark cannot honour: exit code 2. */
export class PlanError extends Error {}

/** The flags that only apply when the images are embedded first. */
export const EXTRACTION_FLAGS = [
  "backbone",
  "store",
  "on-error",
  "workers",
  "device",
  "threads",
  "batch",
  "preset",
  "colour",
  "scale",
  "mean",
  "std",
  "flip",
  "embedding-output",
  "style-output",
  "prealigned",
] as const;

/** The parsed flags of `eval`: strings and booleans as given, `undefined` when absent. */
export type EvalFlags = Readonly<Record<string, string | boolean | undefined>>;

/** The backbone settings `extract` reads, as the shared backbone flags give them. */
export interface BackboneSettings {
  backbone: string;
  device: Device;
  threads?: number;
  preprocess: Preprocess;
}

/** What the plan needs from its caller. */
export interface PlanContext {
  /** A shipped path (default data, models) as it resolves from here. */
  resolve(path: string): string;
  /** The backbone flags parsed (called only when the images are embedded). */
  backbone(flags: EvalFlags): BackboneSettings;
  /** The default report folder of a benchmark. */
  defaultOut(benchmark: string): string;
}

/** A path to check before any work: it must exist as `kind`, holding `contains`. */
export interface PathCheck {
  flag: string;
  path: string;
  kind: "file" | "directory";
  contains?: readonly string[];
}

/** Where the features come from. */
export type FeatureSource =
  | { kind: "files"; features: string; style?: string }
  | {
    kind: "extract";
    settings: BackboneSettings;
    /**
     * The feature store; default `reports/stores/<benchmark>-<model>`, with `-prealigned`
     * appended when `prealigned` is set.
     */
    store: string;
    /**
     * `--prealigned` on IJB-B/C: the `loose_crop/` images are aligned crops, resized to the
     * backbone input instead of warped by their landmarks. IJB-S images always are.
     */
    prealigned: boolean;
    workers?: number;
    onError: OnErrorMode;
  };

/** Everything `eval` does, decided before any work. */
export interface EvaluationPlan {
  benchmark: Benchmark;
  data: string;
  source: FeatureSource;
  fusions: FusionSpec[];
  tasks: Task[];
  /** Undefined: the benchmark's default rule. */
  openSetRules?: OpenSetRule[];
  ci?: CiSettings;
  ciFormat: "pm" | "interval";
  saveScores: boolean;
  dumpTemplates: boolean;
  skipPng: boolean;
  quiet: boolean;
  out: string;
  waitMs: number;
  /** The paths to check before any work. */
  checks: PathCheck[];
  /** Inputs to write before the checks: the benchmark's CAFace demo inputs. */
  prepare?: { dir: string; run: () => Promise<void> };
}

/**
 * Turns the flags of `eval` into a plan for `benchmark`. Every flag is either honoured or
 * refused here with a {@linkcode PlanError} naming it and the benchmark; none is ignored:
 * - what the benchmark does not support (a task, a fusion, an open-set rule, embedding the
 *   images of a features-level fixture);
 * - what has no effect in this combination (`--chunk` without CAFace, `--faceness`
 *   without the insightface fusion, extraction flags with `--features`, `--seed` with
 *   `--no-ci`, `--open-set-rule` without identification).
 */
export function evaluationPlan(
  benchmark: Benchmark,
  flags: EvalFlags,
  context: PlanContext,
): EvaluationPlan {
  // CAFace on a fixture without inputs of its own: the benchmark's derived demo inputs.
  const demo = _cafaceDemo(benchmark, flags, context);
  if (demo) {
    flags = {
      ...flags,
      features: `${demo.dir}/features.npy`,
      style: `${demo.dir}/style.npy`,
      caface: `${demo.dir}/model`,
    };
  }
  const given = (name: string) => flags[name] !== undefined && flags[name] !== false;
  const text = (name: string) =>
    typeof flags[name] === "string" ? flags[name] as string : undefined;
  const on = `${benchmark.name} (${benchmark.title})`;
  const checks: PathCheck[] = [];
  // 1. Data.
  const dataFlag = text("data");
  const data = dataFlag ??
    (benchmark.defaultData === undefined ? undefined : context.resolve(benchmark.defaultData));
  if (data === undefined) {
    throw new PlanError(`Cannot evaluate ${benchmark.name} without --data DIR`);
  }
  checks.push({ flag: "data", path: data, kind: "directory" });
  // 2. Tasks.
  const tasks = text("tasks") === undefined
    ? [...benchmark.tasks]
    : _list(text("tasks")!, TASKS, "task");
  for (const task of tasks) {
    if (!benchmark.tasks.includes(task)) {
      throw new PlanError(
        `Cannot use --tasks ${task} on ${on}: its splits are ${benchmark.tasks.join(", ")} only`,
      );
    }
  }
  // 3. Fusions and their options.
  const names = _usage(() =>
    parseFusionNames(text("fusion") ?? benchmark.defaultFusions.join(","))
  );
  for (const name of names) {
    if (!benchmark.fusions.includes(name)) {
      const why = name === "insightface" ? ": its images have no media ids" : "";
      throw new PlanError(
        `Cannot use --fusion ${name} on ${on}${why}; available are ${benchmark.fusions.join(", ")}`,
      );
    }
  }
  _requires(given, names, "insightface", ["faceness", "normalise-images"]);
  _requires(given, names, "caface", ["caface", "chunk"]);
  const fusions = names.map((name) => _fusionSpec(name, flags, checks));
  // 4. Open-set rules.
  let openSetRules: OpenSetRule[] | undefined;
  if (text("open-set-rule") !== undefined) {
    if (!tasks.includes("identification")) {
      throw new PlanError("Cannot use --open-set-rule without the identification task");
    }
    openSetRules = _list(text("open-set-rule")!, OPEN_SET_RULES, "open-set rule");
    if (new Set(openSetRules).size !== openSetRules.length) {
      throw new PlanError(
        `Cannot use --open-set-rule ${text("open-set-rule")}: a rule is repeated`,
      );
    }
    for (const rule of openSetRules) {
      if (benchmark.openSetRules.includes(rule)) continue;
      throw new PlanError(
        benchmark.openSetRules.length === 1
          ? `--open-set-rule ${rule} does not apply to ${benchmark.title}, whose protocols ` +
            `define their own rule (${benchmark.openSetRules[0]})`
          : `Cannot use --open-set-rule ${rule} on ${on}: available are ` +
            benchmark.openSetRules.join(", "),
      );
    }
  }
  // 5. Features: files, or the images embedded first.
  const source = _source(benchmark, flags, names, context, checks);
  // 6. Intervals.
  const { ci, ciFormat } = _ci(flags);
  const waitSeconds = text("wait") === undefined ? 0 : Number(text("wait"));
  if (!(waitSeconds >= 0)) {
    throw new PlanError(`Cannot use --wait ${text("wait")}: expected seconds ≥ 0`);
  }
  return {
    benchmark,
    data,
    source,
    fusions,
    tasks,
    openSetRules,
    ci,
    ciFormat,
    saveScores: given("save-scores"),
    dumpTemplates: given("dump-templates"),
    skipPng: given("no-png"),
    quiet: given("quiet"),
    out: text("out") ?? context.defaultOut(benchmark.name),
    waitMs: waitSeconds * 1000,
    checks,
    ...(demo ? { prepare: demo } : {}),
  };
}

function _cafaceDemo(
  benchmark: Benchmark,
  flags: EvalFlags,
  context: PlanContext,
): { dir: string; run: () => Promise<void> } | undefined {
  const fusion = typeof flags.fusion === "string" ? flags.fusion : "";
  const own = ["data", "features", "style", "caface", "backbone"].some((f) =>
    flags[f] !== undefined
  );
  if (!benchmark.cafaceDemo || own || !fusion.split(",").includes("caface")) return undefined;
  const dir = context.resolve(benchmark.cafaceDemo.dir);
  return { dir, run: () => benchmark.cafaceDemo!.prepare(dir) };
}

function _fusionSpec(name: FusionName, flags: EvalFlags, checks: PathCheck[]): FusionSpec {
  if (name === "insightface") {
    return {
      kind: name,
      faceness: flags.faceness === true,
      normaliseImages: flags["normalise-images"] === true,
    };
  }
  if (name === "average") return { kind: name };
  const modelDir = flags.caface;
  if (typeof modelDir !== "string") {
    throw new PlanError("Cannot run --fusion caface without --caface MODELDIR");
  }
  checks.push({
    flag: "caface",
    path: modelDir,
    kind: "directory",
    contains: ["cluster.onnx", "aggregate.onnx"],
  });
  const chunk = typeof flags.chunk === "string" ? flags.chunk : "9999";
  return { kind: "caface", modelDir, chunks: _usage(() => parseChunks(chunk)) };
}

function _source(
  benchmark: Benchmark,
  flags: EvalFlags,
  fusions: readonly FusionName[],
  context: PlanContext,
  checks: PathCheck[],
): FeatureSource {
  const text = (name: string) =>
    typeof flags[name] === "string" ? flags[name] as string : undefined;
  const caface = fusions.includes("caface");
  if (text("style") !== undefined && !caface) {
    throw new PlanError(
      "Cannot use --style without --fusion caface: only CAFace reads style vectors",
    );
  }
  if (text("features") !== undefined && text("backbone") !== undefined) {
    throw new PlanError("Cannot use --features with --backbone: give one source of features");
  }
  // A benchmark's shipped features belong to its shipped data only.
  const shipped = text("data") === undefined ? benchmark.defaultFeatures : undefined;
  const extracting = text("features") === undefined &&
    (text("backbone") !== undefined || shipped === undefined);
  if (!extracting) {
    const features = text("features") ?? context.resolve(shipped!);
    const extra = EXTRACTION_FLAGS.filter((f) => flags[f] !== undefined);
    if (extra.length > 0) {
      throw new PlanError(
        `Cannot use --${extra[0]} with the features of ${features}: ` +
          `--${extra.join(", --")} apply when the images are embedded (--backbone)`,
      );
    }
    const style = text("style") ??
      (text("features") === undefined && shipped !== undefined &&
          benchmark.defaultStyle !== undefined
        ? context.resolve(benchmark.defaultStyle)
        : undefined);
    if (caface && style === undefined) {
      throw new PlanError(
        `Cannot run --fusion caface on ${features} without --style FILE.npy (or embed the images with --backbone)`,
      );
    }
    checks.push({ flag: "features", path: features, kind: "file" });
    if (style !== undefined) checks.push({ flag: "style", path: style, kind: "file" });
    return { kind: "files", features, style };
  }
  if (!benchmark.images) {
    throw new PlanError(
      text("backbone") === undefined
        ? `Cannot evaluate ${benchmark.name} --data ${text("data")} without --features ` +
          `FILE.npy: it is a features-level benchmark without images to embed`
        : `Cannot embed the images of ${benchmark.name} (--backbone): it is a features-level ` +
          `benchmark without images; give --features FILE.npy`,
    );
  }
  if (text("style") !== undefined) {
    throw new PlanError(
      "Cannot use --style when the images are embedded: the style vectors come from the backbone's style output",
    );
  }
  const parsed = context.backbone(flags);
  const settings: BackboneSettings = caface && text("style-output") === undefined
    ? { ...parsed, preprocess: { ...parsed.preprocess, styleOutput: "style" } }
    : parsed;
  checks.push({ flag: "backbone", path: settings.backbone, kind: "file" });
  const model = settings.backbone.slice(settings.backbone.lastIndexOf("/") + 1)
    .replace(/\.onnx$/, "");
  const prealigned = flags.prealigned === true;
  if (prealigned && benchmark.layout.kind !== "ijb") {
    throw new PlanError(
      `Cannot use --prealigned on ${benchmark.name} (${benchmark.title}): its images are aligned crops, always resized, never warped`,
    );
  }
  const onError = text("on-error") ?? "skip";
  if (!isOnErrorMode(onError)) {
    throw new PlanError(
      `Cannot use --on-error "${onError}": available are ${ON_ERROR_MODES.join(", ")}`,
    );
  }
  return {
    kind: "extract",
    settings,
    store: text("store") ??
      `reports/stores/${benchmark.name}-${model}${prealigned ? "-prealigned" : ""}`,
    prealigned,
    workers: _whole(text("workers"), "workers"),
    onError,
  };
}

function _ci(flags: EvalFlags): { ci?: CiSettings; ciFormat: "pm" | "interval" } {
  const text = (name: string) =>
    typeof flags[name] === "string" ? flags[name] as string : undefined;
  if (flags.ci === true && flags["no-ci"] === true) {
    throw new PlanError("Cannot use --ci with --no-ci");
  }
  const format = text("ci-format") ?? "pm";
  if (format !== "pm" && format !== "interval") {
    throw new PlanError(`Cannot use --ci-format ${format}: available are "pm", "interval"`);
  }
  if (flags["no-ci"] === true) {
    const extra = ["bootstrap", "seed", "ci-format"].filter((f) => flags[f] !== undefined);
    if (extra.length) {
      throw new PlanError(`Cannot use --${extra[0]} with --no-ci: it sets up the intervals`);
    }
    return { ciFormat: format };
  }
  const resamples = Number(text("bootstrap") ?? "1000");
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new PlanError(`Cannot use --bootstrap ${text("bootstrap")}: expected a whole number ≥ 1`);
  }
  const seed = Number(text("seed") ?? "1");
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new PlanError(`Cannot use --seed ${text("seed")}: expected an integer in [0, 2^32)`);
  }
  return { ci: { resamples, seed, auto: flags.ci !== true }, ciFormat: format };
}

/** Refuses the options of `fusion` (`--faceness`, `--chunk`) when it is not run. */
function _requires(
  given: (name: string) => boolean,
  fusions: readonly FusionName[],
  fusion: FusionName,
  options: readonly string[],
): void {
  if (fusions.includes(fusion)) return;
  for (const option of options) {
    if (given(option)) {
      throw new PlanError(
        `Cannot use --${option} without --fusion ${fusion}: it sets up ${fusion}`,
      );
    }
  }
}

function _list<T extends string>(text: string, choices: readonly T[], what: string): T[] {
  const items = text.split(",").map((s) => s.trim()).filter(Boolean);
  for (const item of items) {
    if (!(choices as readonly string[]).includes(item)) {
      throw new PlanError(
        `Cannot use ${what} "${item}": available are ${choices.map((c) => `"${c}"`).join(", ")}`,
      );
    }
  }
  if (items.length === 0) throw new PlanError(`Cannot use an empty ${what} list`);
  return items as T[];
}

function _whole(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new PlanError(`Cannot use --${name} "${value}": expected a whole number ≥ 1`);
  }
  return n;
}

/** A RangeError or TypeError of a parser is a plan error. */
function _usage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) {
      throw new PlanError(error.message);
    }
    throw error;
  }
}
