import { type Matrix, matrix } from "../features/matrix.ts";
import { openNpy } from "../features/mod.ts";
import { fusionRuns, type FusionSpec } from "../fusion/registry.ts";
import type { FusionRun, RowSource } from "../fusion/types.ts";
import {
  auc,
  cmc,
  FAR_TARGETS,
  FPIR_TARGETS,
  type FusionResult,
  type IdentificationResult,
  OpenSet1n,
  type OpenSetRule,
  RANKS,
  rocCurve,
  tarAtFar,
  tpirAtFpir,
  type VerificationResult,
} from "../metrics/mod.ts";
import { loadProtocol } from "../protocol/mod.ts";
import type { Protocol, TemplateSet } from "../protocol/types.ts";
import {
  downsampleRoc,
  methodLabel,
  type RocPoints,
  runKey,
  type ScoreHistogram,
  scoreHistogram,
} from "../report/mod.ts";
import { pairScores, setScores, Similarity } from "../scoring/mod.ts";
import type { Benchmark, Task } from "./benchmark.ts";
import type { RocBand } from "../uncertainty/mod.ts";
import type { ScoreIndex } from "../scores/mod.ts";
import type { RunDiagnostics } from "../diagnostics/mod.ts";
import { _DiagnosticsContext } from "./_diagnostics_context.ts";
import {
  type _CiContext,
  _ciContext,
  _ciProvenance,
  _ProbeStatsCollector,
  _verificationCi,
  CI_AUTO_MAX_PAIRS,
  type CiSettings,
} from "./_ci_context.ts";

/** What to evaluate. */
export interface EvaluationRequest {
  benchmark: Benchmark;
  /** Root of the IJB layout (`<data>/meta/...`). */
  data: string;
  /** Per-image raw features `.npy` [images, D], or an open row source. */
  features: string | RowSource;
  /** Optional per-image style vectors `.npy` [images, 64] (CAFace). */
  style?: string | RowSource;
  fusions: readonly FusionSpec[];
  tasks: readonly Task[];
  /**
   * Open-set rules for TPIR@FPIR; the first is the one `tpir_at_fpir` follows, all of them
   * go to `tpir_at_fpir_by_rule` when there are several. Default: the benchmark's rule.
   */
  openSetRules?: readonly OpenSetRule[];
  /** Bootstrap 95% intervals for every metric (docs/uncertainty.md). Default: none. */
  ci?: CiSettings;
  /** Keep the per-pair and per-probe scores for `--save-scores`. Default `false`. */
  saveScores?: boolean;
}

/** One stage's progress: `stage` names it, `done` of `total` units. */
export type StageProgress = (stage: string, done: number, total: number) => void;

/** The outcome of one fusion run: its metrics row plus what the report draws. */
export interface RunOutput {
  result: FusionResult;
  /** Fused template features, ascending template id. */
  templates: { ids: Int32Array; features: Matrix };
  droppedRows: number;
  emptyTemplates: number;
  roc?: RocPoints;
  histogram?: ScoreHistogram;
  /** Rank-k identification rate for k = 1 … min(20, gallery templates). */
  cmc?: Float64Array;
  /** Pointwise 95% band of the ROC, when intervals were asked for. */
  rocBand?: RocBand;
  /** Failure diagnostics: accuracy by template size, hardest pairs. */
  diagnostics?: RunDiagnostics;
  /** Scores kept for `--save-scores`: per pair, and probes × [G1 | G2] templates. */
  scores?: { pairs?: Float32Array; probes?: Matrix };
}

/** Everything {@linkcode evaluate} found. */
export interface Evaluation {
  dataset: string;
  protocol: { images: number; templates: number; pairs: number };
  runs: RunOutput[];
  /** The bootstrap's settings and subjects, for the provenance (when intervals were asked for). */
  uncertainty?: Record<string, unknown>;
  /** What the saved scores refer to (when `saveScores`). */
  scoreIndex?: ScoreIndex;
}

/**
 * Runs one evaluation:
 *
 * ```
 * meta files ─► protocol ─► features ─► fusion ─► scoring ─► metrics ─► Evaluation
 * ```
 */
export async function evaluate(
  request: EvaluationRequest,
  options: { onProgress?: StageProgress } = {},
): Promise<Evaluation> {
  const progress = options.onProgress ?? (() => {});
  // 1. Protocol: meta files, cross-checked.
  const protocol = await loadProtocol(request.data, {
    dataset: request.benchmark.name,
    ...request.benchmark.files,
  }, { onProgress: (done, total) => progress("load pairs", done, total) });
  // 2. Features, checked against the protocol's row count.
  const faceTidMid = request.benchmark.files.faceTidMid;
  const features = await openSource(request.features, {
    rows: protocol.images.names.length,
    faceTidMid,
  }, "features");
  const style = request.style === undefined
    ? undefined
    : await openSource(request.style, { rows: protocol.images.names.length, faceTidMid }, "style");
  // 3. Subjects drawn once for the intervals of every run.
  const pairCount = protocol.pairs?.labels.length ?? 0;
  const skipCi = request.ci?.auto === true && pairCount > CI_AUTO_MAX_PAIRS;
  const ci = request.ci && !skipCi ? _ciContext(protocol, request.ci) : undefined;
  const diagnostics = new _DiagnosticsContext(protocol, `${request.data}/loose_crop`);
  // 4. Fusion runs.
  const similarity = await Similarity.create();
  try {
    const runs = await fusionRuns(request.fusions);
    // Every run checks its inputs before the first one starts.
    for (const run of runs) run.check?.({ features, style });
    const outputs: RunOutput[] = [];
    for (const run of runs) {
      outputs.push(
        await evaluateRun(run, {
          protocol,
          features,
          style,
          similarity,
          request,
          progress,
          ci,
          diagnostics,
        }),
      );
    }
    return {
      dataset: request.benchmark.name,
      protocol: {
        images: protocol.images.names.length,
        templates: protocol.templates.ids.length,
        pairs: protocol.pairs?.labels.length ?? 0,
      },
      runs: outputs,
      uncertainty: ci
        ? _ciProvenance(ci)
        : skipCi
        ? { skipped: `${pairCount} pairs > ${CI_AUTO_MAX_PAIRS}: pass --ci to compute intervals` }
        : undefined,
      scoreIndex: request.saveScores
        ? {
          pairs: protocol.pairs,
          probes: protocol.probes,
          galleries: protocol.galleries,
          subjects: ci?.index,
          rule: (request.openSetRules ?? [request.benchmark.openSetRule])[0]!,
        }
        : undefined,
    };
  } finally {
    await similarity.release();
    for (const source of [features, style]) source?.close?.();
  }
}

interface RunContext {
  protocol: Protocol;
  features: RowSource;
  style?: RowSource;
  similarity: Similarity;
  request: EvaluationRequest;
  progress: StageProgress;
  ci?: _CiContext;
  diagnostics: _DiagnosticsContext;
}

async function evaluateRun(run: FusionRun, context: RunContext): Promise<RunOutput> {
  const { protocol, progress, request } = context;
  const label = runKey(run);
  // 3a. Fuse every template.
  const fused = await run.fuse({
    features: context.features,
    style: context.style,
    templates: protocol.templates,
    mediaIds: protocol.images.mediaIds,
    faceness: protocol.images.faceness,
  }, { onProgress: (done, total) => progress(`fuse ${label}`, done, total) });
  const templates = { ids: protocol.templates.ids, features: fused.features };
  const output: RunOutput = {
    result: { fusion: run.fusion, chunk: run.chunk },
    templates,
    droppedRows: fused.droppedRows,
    emptyTemplates: fused.emptyTemplates,
  };
  // 3b. Verification: score the pairs, then the ROC.
  if (request.tasks.includes("verification") && protocol.pairs) {
    if (protocol.pairs.labels.length === 0) {
      throw new RangeError(
        `Cannot evaluate verification as ${request.data}/meta/${request.benchmark.files.pairs} ` +
          `holds no pairs: expected lines "<template1> <template2> <label>"`,
      );
    }
    const scores = await pairScores(templates, protocol.pairs, {
      similarity: context.similarity,
      onProgress: (done, total) => progress(`score ${label}`, done, total),
    });
    const { verification, roc } = verify(scores, protocol.pairs.labels);
    output.result.verification = verification;
    output.roc = downsampleRoc(roc);
    output.histogram = scoreHistogram(scores, protocol.pairs.labels);
    if (context.ci) {
      progress(`intervals ${label}`, 0, 1);
      output.rocBand = await _verificationCi(context.ci, verification, scores, protocol.pairs);
      progress(`intervals ${label}`, 1, 1);
    }
    if (request.saveScores) output.scores = { pairs: scores };
    output.diagnostics = context.diagnostics.verification(
      methodLabel(run.fusion, run.chunk),
      scores,
    );
  }
  // 3c. Identification against the galleries.
  if (request.tasks.includes("identification") && protocol.probes && protocol.galleries.length) {
    const { identification, curve, probeScores, rank1 } = await identify(
      templates,
      protocol,
      context,
    );
    output.diagnostics = {
      label: methodLabel(run.fusion, run.chunk),
      far: output.diagnostics?.far ?? 1e-4,
      ...output.diagnostics,
      rank1BySize: rank1,
    };
    output.result.identification = identification;
    output.cmc = curve;
    if (probeScores) output.scores = { ...output.scores, probes: probeScores };
  }
  return output;
}

function verify(scores: Float32Array, labels: Uint8Array) {
  const roc = rocCurve(scores, labels);
  const tars = tarAtFar(roc, { fars: FAR_TARGETS.map(([, far]) => far) });
  const verification: VerificationResult = {
    pairs: labels.length,
    genuine: roc.genuine,
    impostor: roc.impostor,
    tar_at_far: Object.fromEntries(FAR_TARGETS.map(([key], i) => [key, tars[i]!])),
    auc: auc(roc),
  };
  return { verification, roc };
}

async function identify(
  templates: { ids: Int32Array; features: Matrix },
  protocol: Protocol,
  context: RunContext,
) {
  const probe = protocol.probes!;
  const { similarity } = context;
  // Closed set on [G1 | G2], scored in blocks of probes so the matrix never exceeds 64 MB;
  // CMC counts add up across blocks.
  const union = unionSet(protocol.galleries);
  const maxRank = 20;
  const hits = new Float64Array(maxRank);
  let mated = 0;
  const block = Math.max(1, Math.floor((1 << 24) / Math.max(1, union.templateIds.length)));
  const rules = context.request.openSetRules ?? [context.request.benchmark.openSetRule];
  // The official insightface rule uses the same [G1 | G2] scores, block by block.
  const open1n = rules.includes("insightface-1n")
    ? new OpenSet1n({ probes: probe.templateIds.length })
    : undefined;
  const collector = new _ProbeStatsCollector({
    open1n: context.ci && rules[0] === "insightface-1n" ? probe.templateIds.length : undefined,
  });
  const cols = union.templateIds.length;
  const saved = context.request.saveScores
    ? matrix(probe.templateIds.length, cols, new Float32Array(probe.templateIds.length * cols))
    : undefined;
  for (let p0 = 0; p0 < probe.templateIds.length; p0 += block) {
    const part: TemplateSet = {
      name: probe.name,
      templateIds: probe.templateIds.subarray(p0, p0 + block),
      subjectIds: probe.subjectIds.subarray(p0, p0 + block),
    };
    const scores = await setScores(templates, { probe: part, gallery: union }, { similarity });
    const ids = { probe: part.subjectIds, gallery: union.subjectIds };
    open1n?.add(scores, ids);
    const closed = cmc(scores, ids, { maxRank });
    collector.closedBlock(scores, ids);
    saved?.data.set(scores.data, p0 * cols);
    if (closed.probes === 0) continue;
    mated += closed.probes;
    closed.curve.forEach((rate, k) => hits[k]! += Math.round(rate * closed.probes));
  }
  const curve = hits.map((h) => h / mated);
  const byRule: Record<string, Record<string, number>> = {};
  for (const rule of rules) {
    const rates = rule === "insightface-1n" ? open1n!.tpir() : await openSetPerGallery(
      templates,
      protocol,
      rule,
      similarity,
      context.ci && rule === rules[0] ? collector : undefined,
    );
    byRule[rule] = Object.fromEntries(FPIR_TARGETS.map(([key], i) => [key, rates[i]!]));
  }
  const identification: IdentificationResult = {
    probes: mated,
    probes_without_mate: probe.templateIds.length - mated,
    rank: Object.fromEntries(RANKS.map((k) => [String(k), curve[k - 1]!])),
    open_set_rule: rules[0]!,
    tpir_at_fpir: byRule[rules[0]!]!,
    ...(rules.length > 1 ? { tpir_at_fpir_by_rule: byRule } : {}),
  };
  if (context.ci) collector.attach(context.ci, identification, probe, rules[0]!);
  const rank1 = context.diagnostics.identification(collector.closedStats(), probe);
  // The chart's curve stops at the gallery size: ranks beyond it cannot differ.
  const shown = curve.slice(0, Math.min(maxRank, union.templateIds.length));
  return { identification, curve: shown, probeScores: saved, rank1 };
}

/** A per-gallery rule, averaged over the galleries. */
async function openSetPerGallery(
  templates: { ids: Int32Array; features: Matrix },
  protocol: Protocol,
  rule: OpenSetRule,
  similarity: Similarity,
  collector?: _ProbeStatsCollector,
): Promise<number[]> {
  const probe = protocol.probes!;
  const fpirs = FPIR_TARGETS.map(([, fpir]) => fpir);
  const sums = new Float64Array(fpirs.length);
  for (const gallery of protocol.galleries) {
    const g = await setScores(templates, { probe, gallery }, { similarity });
    const rates = tpirAtFpir(g, { probe: probe.subjectIds, gallery: gallery.subjectIds }, {
      fpirs,
      rule,
    });
    rates.forEach((r, i) => sums[i]! += r);
    collector?.gallery(g, { probe: probe.subjectIds, gallery: gallery.subjectIds });
  }
  return Array.from(sums, (s) => s / protocol.galleries.length);
}

function unionSet(sets: readonly TemplateSet[]): TemplateSet {
  const templateIds = new Int32Array(sets.reduce((n, s) => n + s.templateIds.length, 0));
  const subjectIds = new Int32Array(templateIds.length);
  let k = 0;
  for (const s of sets) {
    templateIds.set(s.templateIds, k);
    subjectIds.set(s.subjectIds, k);
    k += s.templateIds.length;
  }
  return { name: sets.map((s) => s.name).join("+"), templateIds, subjectIds };
}

async function openSource(
  source: string | RowSource,
  expected: { rows: number; faceTidMid: string },
  what: string,
): Promise<RowSource> {
  const { rows } = expected;
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
    const name = typeof source === "string" ? source : what;
    throw new TypeError(
      `Cannot use ${name} as ${what}: it has ${opened.rows} rows, expected ${rows} (one per line of ${expected.faceTidMid})`,
    );
  }
  return opened;
}
