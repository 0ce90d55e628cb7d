import type { StageProgress } from "../core/mod.ts";
import type { RunDiagnostics } from "../diagnostics/mod.ts";
import { type Matrix, openNpy } from "../features/mod.ts";
import { fusionRuns, type FusionSpec, type RowSource } from "../fusion/mod.ts";
import type { FusionResult, OpenSetRule } from "../metrics/mod.ts";
import { type BenchmarkData, loadLayout, type Split } from "../protocol/mod.ts";
import { methodLabel, type RocPoints, runKey, type ScoreHistogram } from "../report/mod.ts";
import { Similarity, TemplateIndex } from "../scoring/mod.ts";
import type { RocBand } from "../uncertainty/mod.ts";
import type { Benchmark, Task } from "./benchmark.ts";
import {
  type _CiContext,
  _ciContext,
  _ciProvenance,
  CI_AUTO_MAX_PAIRS,
  type CiSettings,
} from "./_ci_context.ts";
import { _DiagnosticsContext } from "./_diagnostics_context.ts";
import { _identifySplit } from "./_identify_split.ts";
import { _verifySplit } from "./_verify_split.ts";

/** What to evaluate. */
export interface EvaluationRequest {
  benchmark: Benchmark;
  /** The data folder of the benchmark's layout. */
  data: string;
  /** Per-image raw features `.npy` [images, D] (float16/32/64), or an open row source. */
  features: string | RowSource;
  /** Optional per-image style vectors `.npy` [images, 64] (CAFace). */
  style?: string | RowSource;
  fusions: readonly FusionSpec[];
  /** Which splits to evaluate. Default: every task of the benchmark. */
  tasks?: readonly Task[];
  /**
   * Open-set rules for TPIR@FPIR; the first is the one `tpir_at_fpir` and the intervals
   * follow, all of them go to `tpir_at_fpir_by_rule` when there are several. Default: the
   * benchmark's first rule.
   */
  openSetRules?: readonly OpenSetRule[];
  /** Bootstrap 95% intervals for every metric (docs/uncertainty.md). Default: none. */
  ci?: CiSettings;
  /** Keep the per-pair and per-probe scores for `--save-scores`. Default `false`. */
  saveScores?: boolean;
}

export type { StageProgress };

/** One result row, (protocol, fusion, chunk), plus what the report draws. */
export interface RunOutput {
  result: FusionResult;
  /** The fusion run's key (`average`, `caface-8`): rows of several protocols share it. */
  run: string;
  roc?: RocPoints;
  histogram?: ScoreHistogram;
  /** Pointwise 95% band of the ROC, when intervals were asked for. */
  rocBand?: RocBand;
  /** Rank-k identification rate for k = 1 … min(20, gallery templates). */
  cmc?: Float64Array;
  /** TPIR of the first open-set rule along FPIR. */
  openSet?: { fpir: number[]; tpir: number[] };
  /** Failure diagnostics: accuracy by template size, hardest pairs and probes. */
  diagnostics?: RunDiagnostics;
  /** Scores kept for `--save-scores`: per pair, and probes × [G1 | G2] templates. */
  scores?: { pairs?: Float32Array; probes?: Matrix };
}

/** One fusion run's fused templates and data counts. */
export interface FusedRun {
  fusion: string;
  chunk: number | null;
  /** Fused template features, ascending template id. */
  templates: { ids: Int32Array; features: Matrix };
  droppedRows: number;
  emptyTemplates: number;
}

/** Everything {@linkcode evaluate} found. */
export interface Evaluation {
  benchmark: Benchmark;
  dataset: string;
  protocol: { images: number; templates: number; pairs: number; probes: number };
  /** The loaded benchmark: its splits, templates and image rows. */
  data: BenchmarkData;
  runs: RunOutput[];
  fused: FusedRun[];
  /** The stored dtype of each `.npy` input named by path (`<f4`, `<f2`, `<f8`; read as float32). */
  dtypes: Record<string, string>;
  /** The open-set rules the identification splits followed, the first one's first. */
  openSetRules: readonly OpenSetRule[];
  /** The bootstrap's settings and subjects, for the provenance (when intervals were asked for). */
  uncertainty?: Record<string, unknown>;
  /** The bootstrap's context, when intervals were computed (the saved scores record its subjects). */
  ci?: _CiContext;
}

/**
 * Runs one evaluation of any benchmark:
 *
 * ```
 * layout files ─► splits ─► features ─► fusion ─► per split: scores ─► metrics (+ intervals) ─► rows
 * ```
 *
 * Splits of the same protocol fill one result row per fusion run (IJB-B/C: verification and
 * identification in one row; IJB-S: a row per protocol). Nothing here asks which dataset it is.
 */
export async function evaluate(
  request: EvaluationRequest,
  options: { onProgress?: StageProgress } = {},
): Promise<Evaluation> {
  const progress = options.onProgress ?? (() => {});
  const { benchmark } = request;
  // 1. Splits: only the files of the asked tasks are read.
  const data = await loadLayout(benchmark.layout, request.data, {
    dataset: benchmark.name,
    kinds: request.tasks ?? benchmark.tasks,
    onProgress: (done, total) => progress("load", done, total),
  });
  if (data.splits.length === 0) {
    throw new RangeError(
      `Cannot evaluate ${benchmark.name}: ${request.data} has no split for the tasks ` +
        (request.tasks ?? benchmark.tasks).join(", "),
    );
  }
  // 2. Features, checked against the rows.
  const features = await _openSource(request.features, data, "features");
  let style: RowSource | undefined;
  const similarity = await Similarity.create();
  try {
    style = request.style === undefined
      ? undefined
      : await _openSource(request.style, data, "style");
    // 3. Subjects drawn once for the intervals of every split and run.
    const pairCount = data.splits.reduce(
      (n, s) => n + (s.kind === "verification" ? s.pairs.labels.length : 0),
      0,
    );
    const skipCi = request.ci?.auto === true && pairCount > CI_AUTO_MAX_PAIRS;
    const ci = request.ci && !skipCi ? _ciContext(data.splits, request.ci) : undefined;
    const rules = request.openSetRules ?? benchmark.openSetRules.slice(0, 1);
    const diagnostics = new _DiagnosticsContext(data.templates);
    const runs = await fusionRuns(request.fusions);
    // Every run checks its inputs before the first one starts.
    for (const run of runs) run.check?.({ features, style });
    const outputs: RunOutput[] = [];
    const fusedRuns: FusedRun[] = [];
    for (const run of runs) {
      const key = runKey(run);
      // 4. Fuse every template once.
      const fused = await run.fuse({
        features,
        style,
        templates: data.templates,
        mediaIds: data.images.mediaIds ?? new Int32Array(0),
        faceness: data.images.faceness,
      }, { onProgress: (done, total) => progress(`fuse ${key}`, done, total, "frames") });
      const templates = { ids: data.templates.ids, features: fused.features };
      fusedRuns.push({
        fusion: run.fusion,
        chunk: run.chunk,
        templates,
        droppedRows: fused.droppedRows,
        emptyTemplates: fused.emptyTemplates,
      });
      // 5. Every split, into the row of its protocol.
      const rows = new Map<string | undefined, RunOutput>();
      const rowOf = (split: Split) => {
        let row = rows.get(split.protocol);
        if (!row) {
          const result: FusionResult = split.protocol === undefined
            ? { fusion: run.fusion, chunk: run.chunk }
            : { protocol: split.protocol, fusion: run.fusion, chunk: run.chunk };
          row = { result, run: key };
          rows.set(split.protocol, row);
        }
        return row;
      };
      for (const split of data.splits) {
        const row = rowOf(split);
        const label = split.protocol ? `${key} ${split.protocol}` : key;
        if (split.kind === "verification") {
          const v = await _verifySplit(templates, split, methodLabel(run.fusion, run.chunk), {
            similarity,
            ci,
            saveScores: request.saveScores === true,
            diagnostics,
            onProgress: (done, total) => progress(`score ${label}`, done, total),
          });
          row.result.verification = v.verification;
          Object.assign(row, { roc: v.roc, histogram: v.histogram, rocBand: v.rocBand });
          row.diagnostics = { ...v.diagnostics, ...row.diagnostics };
          if (v.pairScores) row.scores = { ...row.scores, pairs: v.pairScores };
        } else {
          progress(`identify ${label}`, 0, 1);
          const id = await _identifySplit(templates, split, {
            similarity,
            rules,
            ci,
            saveScores: request.saveScores === true,
            diagnostics,
          });
          progress(`identify ${label}`, 1, 1);
          row.result.identification = id.identification;
          row.cmc = id.cmc;
          row.openSet = id.openSet;
          row.diagnostics = {
            label: row.diagnostics?.label ?? methodLabel(run.fusion, run.chunk),
            far: row.diagnostics?.far ?? 1e-4,
            ...row.diagnostics,
            ...id.diagnostics,
          };
          if (id.probeScores) row.scores = { ...row.scores, probes: id.probeScores };
        }
      }
      for (const [protocol, row] of rows) {
        row.result.empty_templates = _emptyTemplates(
          templates,
          data.splits.filter((s) => s.protocol === protocol),
        );
        outputs.push(row);
      }
    }
    return {
      benchmark,
      dataset: benchmark.name,
      protocol: {
        images: data.images.count,
        templates: data.templates.ids.length,
        pairs: pairCount,
        probes: data.splits.reduce(
          (n, s) => n + (s.kind === "identification" ? s.probe.templateIds.length : 0),
          0,
        ),
      },
      data,
      runs: outputs,
      fused: fusedRuns,
      dtypes: _dtypes(request, { features, style }),
      openSetRules: rules,
      uncertainty: ci
        ? _ciProvenance(ci)
        : skipCi
        ? { skipped: `${pairCount} pairs > ${CI_AUTO_MAX_PAIRS}: pass --ci to compute intervals` }
        : undefined,
      ci,
    };
  } finally {
    await similarity.release();
    for (const source of [features, style]) source?.close?.();
  }
}

function _dtypes(
  request: EvaluationRequest,
  opened: { features: RowSource; style?: RowSource },
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const what of ["features", "style"] as const) {
    const source = opened[what];
    if (typeof request[what] === "string" && source && "dtype" in source) {
      out[what] = String(source.dtype);
    }
  }
  return out;
}

/** Distinct templates of the splits whose fused row is all zero (no usable image row). */
function _emptyTemplates(
  templates: { ids: Int32Array; features: Matrix },
  splits: readonly Split[],
): number {
  const { features } = templates;
  const { dim } = features;
  const isEmpty = new Uint8Array(templates.ids.length);
  let anyEmpty = false;
  for (let t = 0; t < isEmpty.length; t++) {
    let zero = true;
    for (let j = t * dim; zero && j < (t + 1) * dim; j++) zero = features.data[j] === 0;
    if (zero) isEmpty[t] = 1, anyEmpty = true;
  }
  if (!anyEmpty) return 0;
  const index = new TemplateIndex(templates.ids);
  const seen = new Uint8Array(templates.ids.length);
  let empty = 0;
  const visit = (ids: Int32Array) => {
    for (let i = 0; i < ids.length; i++) {
      const t = index.get(ids[i]!);
      if (t < 0 || seen[t]) continue;
      seen[t] = 1;
      empty += isEmpty[t]!;
    }
  };
  for (const split of splits) {
    if (split.kind === "verification") {
      visit(split.pairs.t1);
      visit(split.pairs.t2);
    } else {
      for (const set of [split.probe, ...split.galleries]) visit(set.templateIds);
    }
  }
  return empty;
}

async function _openSource(
  source: string | RowSource,
  data: BenchmarkData,
  what: "features" | "style",
): Promise<RowSource> {
  const rows = data.images.count;
  let opened: RowSource;
  try {
    opened = typeof source === "string" ? await openNpy(source) : source;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(
        `Cannot open the ${what} file ${source} (--${what}): it does not exist`,
      );
    }
    const message = (error as Error).message;
    if (typeof source === "string" && !message.includes(source)) {
      throw new Error(`Cannot read the ${what} file ${source} (--${what}): ${message}`, {
        cause: error,
      });
    }
    throw error;
  }
  if (opened.rows !== rows) {
    opened.close?.();
    const name = typeof source === "string" ? source : what;
    throw new TypeError(
      `Cannot use ${name} as ${what}: it has ${opened.rows} rows, expected ${rows} (one per ` +
        `line of ${data.images.listFile.replace(/^meta\//, "")})`,
    );
  }
  return opened;
}
