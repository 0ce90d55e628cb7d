import { StagedFolder } from "../publish/mod.ts";
import type { FusionSpec } from "../fusion/mod.ts";
import { atomicWriteFile } from "../features/mod.ts";
import type { FusionResult, MetricsFile } from "../metrics/mod.ts";
import { layoutInputs } from "../protocol/mod.ts";
import {
  changedCode,
  codeChangeLine,
  codeDigest,
  digestFile,
  environment,
  sha256Hex,
} from "../provenance/mod.ts";
import {
  htmlReport,
  ijbsTable,
  type PublishedNumbers,
  publishedValue,
  verificationPaperTable,
} from "../report/mod.ts";
import type { Benchmark } from "./benchmark.ts";
import { ensureFeatures, type FeatureExtraction } from "./ensure_features.ts";
import type { StageProgress } from "./evaluate.ts";
import { runEvaluation } from "./run_evaluation.ts";

/** One dataset of the paper comparison. */
export interface PaperPart {
  /** The benchmark run for this dataset (e.g. `ijbb`, or `demo` standing in for it). */
  benchmark: Benchmark;
  /** Which table it fills: `"ijbb"`, `"ijbc"` or `"ijbs"`. */
  table: "ijbb" | "ijbc" | "ijbs";
  data: string;
  /** Features given by the user; otherwise `extraction` makes (or reuses) them. */
  features?: string;
  style?: string;
  extraction?: Omit<FeatureExtraction, "images">;
}

/** Options of {@linkcode runPaper}. */
export interface PaperOptions {
  /** The combined report directory, e.g. `reports/paper-<time>`. */
  out: string;
  /** Fusions of every dataset (average, caface). */
  fusions: readonly FusionSpec[];
  /** Where finished parts are kept by input hash. Default `reports/paper-cache`. */
  cache?: string;
  /** Published numbers to print beside the values, and the backbone to compare with. */
  published?: { numbers: PublishedNumbers; backbone: string; file: string };
  skipPng?: boolean;
  onProgress?: StageProgress;
  /** One line per step: which part, reused or computed. */
  onLine?: (line: string) => void;
}

/**
 * The module whose import closure computes a cached part: a part is reused only while
 * every file of it (and `deno.lock`) is unchanged.
 */
const PART_CODE = [new URL("./run_evaluation.ts", import.meta.url)];

/**
 * Runs the paper comparison: for each part (IJB-B, IJB-C, IJB-S), 1. make or reuse the
 * features, 2. hash every input (protocol files, features, models, benchmark, settings),
 * 3. reuse the finished part with that hash from the cache when the code that computes it
 * ({@linkcode PART_CODE}'s import closure and `deno.lock`, recorded in the part's
 * `provenance.code`) is also unchanged, or evaluate it (saying which file changed), then
 * 4. write one combined report into `out`: `table.md` (the IJB-B/C and IJB-S tables in the
 * paper's layout with published values and differences), each part's report under
 * `<table>/`, `report.html`, and `metrics.json` (every row, with `dataset`) last.
 */
export async function runPaper(
  parts: readonly PaperPart[],
  options: PaperOptions,
): Promise<{ metrics: MetricsFile; table: string }> {
  // The combined report is built beside `out` and moved into place whole (docs/reports.md).
  return await StagedFolder.build(
    options.out,
    { purpose: "paper" },
    (out) => _paperInto(out, parts, options),
  );
}

async function _paperInto(
  out: string,
  parts: readonly PaperPart[],
  options: PaperOptions,
): Promise<{ metrics: MetricsFile; table: string }> {
  const line = options.onLine ?? (() => {});
  const cache = options.cache ?? "reports/paper-cache";
  const code = await codeDigest(PART_CODE);
  const results: FusionResult[] = [];
  const provenance: Record<string, unknown>[] = [];
  const charts: { title: string; svg: string }[] = [];
  for (const [i, part] of parts.entries()) {
    const step = `[${i + 1}/${parts.length}] ${part.benchmark.title}`;
    const progress: StageProgress = (stage, done, total, unit) =>
      options.onProgress?.(`${i + 1}/${parts.length} ${stage}`, done, total, unit);
    // 1. Features.
    let { features, style } = part;
    if (features === undefined) {
      if (!part.extraction) throw new TypeError(`Cannot run ${step}: no features, no backbone`);
      line(`${step}: extracting (or reusing) features in ${part.extraction.store}`);
      const made = await ensureFeatures({
        benchmark: part.benchmark,
        data: part.data,
        extraction: part.extraction,
      }, { onProgress: progress });
      features = made.features;
      style ??= made.style;
      const changed = made.extraction.codeChanged;
      if (changed.length) line(`${step}: ${codeChangeLine(changed)}; features extracted again`);
    }
    // 2. The hash of every input.
    const key = await _partKey(part, features, style, options.fusions);
    const dir = `${cache}/${part.benchmark.name}-${key.slice(0, 16)}`;
    // 3. Reuse or evaluate.
    let metrics = await _cachedPart(dir);
    const changed = metrics && changedCode(metrics.provenance.code, code);
    if (metrics && changed?.length === 0) {
      line(`${step}: reused ${dir} (inputs and code unchanged)`);
    } else {
      const why = changed ? `${codeChangeLine(changed)}; evaluating again` : "evaluating";
      line(`${step}: ${why} into ${dir}`);
      metrics = (await runEvaluation({
        benchmark: part.benchmark,
        data: part.data,
        features,
        style,
        fusions: options.fusions,
      }, { out: dir, skipPng: options.skipPng, code, onProgress: progress })).metrics;
    }
    await _copyDir(dir, `${out}/${part.table}`);
    for (const entry of Deno.readDirSync(dir)) {
      if (!entry.name.endsWith(".svg")) continue;
      const svg = await Deno.readTextFile(`${dir}/${entry.name}`);
      charts.push({ title: `${part.benchmark.title}: ${entry.name.slice(0, -4)}`, svg });
    }
    results.push(...metrics.results.map((r) => ({ dataset: part.table, ...r })));
    provenance.push({
      table: part.table,
      benchmark: part.benchmark.name,
      data: part.data,
      key,
      cached: dir,
      provenance: metrics.provenance,
    });
  }
  // 4. The combined report.
  const table = paperTables(results, options.published);
  const metrics: MetricsFile = {
    dataset: "paper",
    results,
    provenance: {
      ...(await environment()),
      published: options.published
        ? { file: options.published.file, backbone: options.published.backbone }
        : null,
      parts: provenance,
    },
  };
  await Deno.mkdir(out, { recursive: true });
  await atomicWriteFile(`${out}/table.md`, table);
  await atomicWriteFile(
    `${out}/report.html`,
    htmlReport({
      title: "CAFace paper tables",
      subtitle: parts.map((p) => p.benchmark.title).join(", "),
      tables: [{
        title: "Tables (%), published value and difference in brackets",
        markdown: table,
      }],
      charts,
      provenance: metrics.provenance,
    }),
  );
  await atomicWriteFile(`${out}/metrics.json`, JSON.stringify(metrics, null, 2) + "\n");
  return { metrics, table };
}

/** The paper's tables as markdown, with published values where `published` is given. */
export function paperTables(
  results: readonly (FusionResult & { dataset?: string })[],
  published?: { numbers: PublishedNumbers; backbone: string },
): string {
  const out: string[] = [];
  const lookup = (dataset: string, protocol: string) => (label: string, metric: string) =>
    published &&
    publishedValue(published.numbers, {
      dataset,
      backbone: published.backbone,
      method: label,
      protocol: protocol || "verification",
      metric,
    });
  for (const dataset of ["ijbb", "ijbc"]) {
    const rows = results.filter((r) => r.dataset === dataset);
    if (rows.length === 0) continue;
    out.push(`${dataset === "ijbb" ? "IJB-B" : "IJB-C"} verification (TAR@FAR, %)\n`);
    out.push(verificationPaperTable(rows, {
      published: published ? (label, far) => lookup(dataset, "")(label, far) : undefined,
    }));
  }
  const ijbs = results.filter((r) => r.dataset === "ijbs");
  if (ijbs.length) {
    out.push("IJB-S (Rank-1, Rank-5, TPIR@FPIR=1%, %)\n");
    out.push(ijbsTable(ijbs, {
      published: published
        ? (label, protocol, metric) => lookup("ijbs", protocol)(label, metric)
        : undefined,
    }));
  }
  return out.join("\n");
}

async function _partKey(
  part: PaperPart,
  features: string,
  style: string | undefined,
  fusions: readonly FusionSpec[],
): Promise<string> {
  const files = layoutInputs(part.benchmark.layout).map((f) => `${part.data}/${f}`);
  files.push(features);
  if (style) files.push(style);
  for (const f of fusions) {
    if (f.kind === "caface") {
      files.push(`${f.modelDir}/cluster.onnx`, `${f.modelDir}/aggregate.onnx`);
    }
  }
  const digests = [];
  for (const f of files) digests.push((await digestFile(f)).sha256);
  const text = JSON.stringify({
    benchmark: part.benchmark,
    fusions: fusions.map((f) => f.kind === "caface" ? { kind: f.kind, chunks: f.chunks } : f),
    digests,
  });
  return await sha256Hex(new TextEncoder().encode(text));
}

/** The cached part's `metrics.json` in `dir`, or null when there is none. */
async function _cachedPart(dir: string): Promise<MetricsFile | null> {
  try {
    return JSON.parse(await Deno.readTextFile(`${dir}/metrics.json`));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof SyntaxError) return null;
    throw error;
  }
}

async function _copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.isFile) await Deno.copyFile(`${from}/${entry.name}`, `${to}/${entry.name}`);
  }
}
