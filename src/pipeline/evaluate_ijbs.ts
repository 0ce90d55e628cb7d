import type { Matrix } from "../features/matrix.ts";
import { openNpy } from "../features/mod.ts";
import { fusionRuns, type FusionSpec } from "../fusion/registry.ts";
import type { FusionRun, RowSource } from "../fusion/types.ts";
import {
  FPIR_TARGETS,
  type FusionResult,
  ijbsIdentification,
  RANKS,
  tpirAtFpir,
} from "../metrics/mod.ts";
import {
  type IjbsProtocol,
  type IjbsProtocolName,
  type IjbsProtocolSets,
  loadIjbs,
} from "../protocol/mod.ts";
import { setScores, Similarity } from "../scoring/mod.ts";
import type { StageProgress } from "./evaluate.ts";

/** What to evaluate on IJB-S. */
export interface IjbsRequest {
  /** Root of the IJB-S layout (`protocols/`, `image_list.txt`, `images/`). */
  data: string;
  /** Per-image features `.npy` [rows of image_list.txt, D], or an open row source. */
  features: string | RowSource;
  /** Per-image style vectors (CAFace). */
  style?: string | RowSource;
  /** `average` and/or `caface`. */
  fusions: readonly FusionSpec[];
}

/** FPIRs of the open-set curve drawn in the report: 10^-3 … 1, 12 per decade. */
export const OPEN_SET_CURVE_FPIRS: readonly number[] = Array.from(
  { length: 37 },
  (_, i) => 10 ** (-3 + i / 12),
);

/** One (protocol, fusion, chunk) result plus what the report draws. */
export interface IjbsRun {
  result: FusionResult & { protocol: IjbsProtocolName; empty_templates: number };
  /** Closed-set CMC, ranks 1 … 20. */
  cmc: Float64Array;
  /** TPIR (mean of G1, G2) at {@linkcode OPEN_SET_CURVE_FPIRS}. */
  openSet: number[];
  /** Per probe: frames listed and whether it is mated and rank-1. */
  probeFrames: Uint32Array;
  rankOne: Uint8Array;
  isMated: Uint8Array;
}

/** Everything {@linkcode evaluateIjbs} found. */
export interface IjbsEvaluation {
  dataset: "ijbs";
  protocol: { rows: number; templates: number; imageListCreated: boolean };
  dropped: Record<string, number>;
  runs: IjbsRun[];
}

/**
 * Runs the three IJB-S protocols:
 *
 * ```
 * protocols/ + image_list.txt ─► loadIjbs ─► features ─► fusion (streamed) ─► scores per
 * gallery ─► ijbsIdentification per protocol ─► IjbsRun rows
 * ```
 */
export async function evaluateIjbs(
  request: IjbsRequest,
  options: { onProgress?: StageProgress } = {},
): Promise<IjbsEvaluation> {
  const progress = options.onProgress ?? (() => {});
  // 1. Protocol.
  let created = false;
  const protocol = await loadIjbs(request.data, { onImageList: (i) => created = i.created });
  // 2. Features, checked against the image list.
  const features = await _open(request.features, protocol.rows, "features");
  const style = request.style === undefined
    ? undefined
    : await _open(request.style, protocol.rows, "style");
  const similarity = await Similarity.create();
  try {
    for (const spec of request.fusions) {
      if (spec.kind === "insightface") {
        throw new RangeError(
          `Cannot run the insightface fusion on IJB-S: it has no media ids; use average or caface`,
        );
      }
    }
    const runs: IjbsRun[] = [];
    const dropped: Record<string, number> = {};
    for (const run of await fusionRuns(request.fusions)) {
      const label = run.chunk === null ? run.fusion : `${run.fusion}-${run.chunk}`;
      // 3. Fuse every template, streaming the rows.
      const fused = await _fuse(
        run,
        protocol,
        features,
        style,
        (d, t) => progress(`fuse ${label}`, d, t),
      );
      dropped[label] = fused.droppedRows;
      const templates = { ids: protocol.templates.ids, features: fused.features };
      // 4. Identify, protocol by protocol.
      for (const sets of protocol.protocols) {
        runs.push(await _identify(run, sets, protocol, templates, similarity));
      }
    }
    return {
      dataset: "ijbs",
      protocol: {
        rows: protocol.rows,
        templates: protocol.templates.ids.length,
        imageListCreated: created,
      },
      dropped,
      runs,
    };
  } finally {
    await similarity.release();
    for (const source of [features, style]) source?.close?.();
  }
}

function _fuse(
  run: FusionRun,
  protocol: IjbsProtocol,
  features: RowSource,
  style: RowSource | undefined,
  onProgress: (done: number, total: number) => void,
) {
  return run.fuse({
    features,
    style,
    templates: protocol.templates,
    mediaIds: new Int32Array(0),
  }, { onProgress });
}

async function _identify(
  run: FusionRun,
  sets: IjbsProtocolSets,
  protocol: IjbsProtocol,
  templates: { ids: Int32Array; features: Matrix },
  similarity: Similarity,
): Promise<IjbsRun> {
  const [g1, g2] = sets.galleries;
  const s1 = await setScores(templates, { probe: sets.probe, gallery: g1 }, { similarity });
  const s2 = await setScores(templates, { probe: sets.probe, gallery: g2 }, { similarity });
  const subjects = {
    probe: sets.probe.subjectIds,
    galleries: [g1.subjectIds, g2.subjectIds] as const,
  };
  const id = ijbsIdentification([s1, s2], subjects, { maxRank: 20 });
  const curve = (s: Matrix, gallery: Int32Array) =>
    tpirAtFpir(s, { probe: sets.probe.subjectIds, gallery }, {
      fpirs: OPEN_SET_CURVE_FPIRS,
      rule: "ijbs",
    });
  const c1 = curve(s1, g1.subjectIds), c2 = curve(s2, g2.subjectIds);
  const { offsets } = protocol.templates;
  const probeFrames = Uint32Array.from(
    sets.probe.templateIds,
    (t) => offsets[t + 1]! - offsets[t]!,
  );
  return {
    result: {
      protocol: sets.name,
      fusion: run.fusion,
      chunk: run.chunk,
      identification: {
        probes: sets.probe.templateIds.length,
        mated_probes: id.mated,
        rank: Object.fromEntries(RANKS.map((k) => [String(k), id.cmc[k - 1]!])),
        tpir_at_fpir: Object.fromEntries(FPIR_TARGETS.map(([key], i) => [key, id.tpir[i]!])),
        open_set_rule: "ijbs",
      },
      empty_templates: _emptyTemplates(templates.features, [sets.probe, g1, g2]),
    },
    cmc: id.cmc,
    openSet: c1.map((t, i) => (t + c2[i]!) / 2),
    probeFrames,
    rankOne: id.rankOne,
    isMated: id.isMated,
  };
}

/** Distinct templates of the sets whose fused row is all zero (no usable row). */
function _emptyTemplates(features: Matrix, sets: readonly { templateIds: Int32Array }[]): number {
  const seen = new Set<number>();
  let empty = 0;
  for (const set of sets) {
    for (const t of set.templateIds) {
      if (seen.has(t)) continue;
      seen.add(t);
      const row = features.data.subarray(t * features.dim, (t + 1) * features.dim);
      if (row.every((v) => v === 0)) empty++;
    }
  }
  return empty;
}

async function _open(source: string | RowSource, rows: number, what: string): Promise<RowSource> {
  const opened = typeof source === "string" ? await openNpy(source) : source;
  if (opened.rows !== rows) {
    opened.close?.();
    const name = typeof source === "string" ? source : what;
    throw new TypeError(
      `Cannot use ${name} as ${what}: it has ${opened.rows} rows, expected ${rows} (one per line of image_list.txt)`,
    );
  }
  return opened;
}
