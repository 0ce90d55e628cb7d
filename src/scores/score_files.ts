import { runKey } from "../core/mod.ts";
import { type Matrix, matrix } from "../features/mod.ts";
import type { OpenSetRule } from "../metrics/mod.ts";
import { type Split, templateSets, verificationPairs } from "../protocol/mod.ts";
import { type SubjectIndex, subjectIndex } from "../uncertainty/mod.ts";
import { readTypedNpy, type TypedValues, writeTypedNpy } from "./typed_npy.ts";

/** The format name written to `scores/index.json`. */
export const SCORES_FORMAT = "caface-harness scores 2";

/** What saved scores refer to: the benchmark's splits, the subjects, the open-set rule. */
export interface ScoreIndex {
  splits: readonly Split[];
  /** The bootstrap's subjects, when intervals were computed (else they are derived). */
  subjects?: SubjectIndex;
  rule: OpenSetRule;
}

/** One result row's scores to save. */
export interface RunScores {
  /** The protocol of the row's splits (undefined: the benchmark's one protocol). */
  protocol?: string;
  fusion: string;
  chunk: number | null;
  pairs?: Float32Array;
  probes?: Matrix;
}

/** The folder of a protocol's files under `scores/`: the root for the unnamed protocol. */
function _folder(protocol: string | undefined | null): string {
  return protocol ? `${protocol}/` : "";
}

/**
 * Writes `dir/scores/`, one folder per protocol (the benchmark's unnamed protocol in
 * `scores/` itself, so IJB-B/C folders read as before; IJB-S in `scores/<protocol>/`):
 * - verification: `pair_labels.npy` (uint8 [P], pair order of the protocol file),
 *   `pair_templates.npy` (int32 [P, 2]), `pair_subjects.npy` (int32 [P, 2], subjects
 *   numbered 0 … S−1), per run `pairs_<run>.npy` (float32 [P]);
 * - identification: `probe_templates.npy`, `probe_subject_ids.npy`, `probe_subjects.npy`,
 *   `probe_mated.npy` (uint8: the probe's subject has a gallery template),
 *   `gallery_templates.npy`, `gallery_subject_ids.npy`, `gallery_set.npy` (uint8: which
 *   gallery each column is in), per run `probes_<run>.npy` (float32 [probes, G1+G2]).
 *
 * `index.json` says what each file holds. Returns the names written, relative to `dir`.
 */
export async function writeScores(
  dir: string,
  input: { dataset: string; index: ScoreIndex; runs: readonly RunScores[] },
): Promise<string[]> {
  const { index } = input;
  const written: string[] = [];
  const put = async (name: string, values: TypedValues, shape?: number[]) => {
    await writeTypedNpy(`${dir}/scores/${name}`, values, shape);
    written.push(`scores/${name}`);
  };
  const subjects = index.subjects ??
    subjectIndex(templateSets(index.splits), verificationPairs(index.splits));
  const dense = (t: number) => subjects.ofTemplate.get(t)!;
  const splits: Record<string, unknown>[] = [];
  for (const split of index.splits) {
    const folder = _folder(split.protocol);
    await Deno.mkdir(`${dir}/scores/${folder}`, { recursive: true });
    if (split.kind === "verification") {
      const p = split.pairs, n = p.labels.length;
      const templates = new Int32Array(2 * n), subj = new Int32Array(2 * n);
      for (let i = 0; i < n; i++) {
        templates[2 * i] = p.t1[i]!;
        templates[2 * i + 1] = p.t2[i]!;
        subj[2 * i] = dense(p.t1[i]!);
        subj[2 * i + 1] = dense(p.t2[i]!);
      }
      await put(`${folder}pair_labels.npy`, p.labels);
      await put(`${folder}pair_templates.npy`, templates, [n, 2]);
      await put(`${folder}pair_subjects.npy`, subj, [n, 2]);
      splits.push({ kind: split.kind, protocol: split.protocol ?? null, pairs: n });
      continue;
    }
    const { probe, galleries } = split;
    const galleryTemplates = Int32Array.from(galleries.flatMap((g) => Array.from(g.templateIds)));
    const gallerySubjects = Int32Array.from(galleries.flatMap((g) => Array.from(g.subjectIds)));
    const known = new Set(gallerySubjects);
    await put(`${folder}probe_templates.npy`, probe.templateIds);
    await put(`${folder}probe_subject_ids.npy`, probe.subjectIds);
    await put(`${folder}probe_subjects.npy`, Int32Array.from(probe.templateIds, dense));
    await put(
      `${folder}probe_mated.npy`,
      Uint8Array.from(probe.subjectIds, (s) => known.has(s) ? 1 : 0),
    );
    await put(`${folder}gallery_templates.npy`, galleryTemplates);
    await put(`${folder}gallery_subject_ids.npy`, gallerySubjects);
    await put(
      `${folder}gallery_set.npy`,
      Uint8Array.from(galleries.flatMap((g, k) => Array.from(g.templateIds, () => k))),
    );
    splits.push({
      kind: split.kind,
      protocol: split.protocol ?? null,
      probes: probe.templateIds.length,
      galleries: galleries.map((g) => g.name),
    });
  }
  const runs: Record<string, unknown>[] = [];
  for (const run of input.runs) {
    const folder = _folder(run.protocol);
    const label = runKey(run);
    const entry: Record<string, unknown> = {
      protocol: run.protocol ?? null,
      fusion: run.fusion,
      chunk: run.chunk,
    };
    if (run.pairs) {
      await put(`${folder}pairs_${label}.npy`, run.pairs);
      entry.pairs = `${folder}pairs_${label}.npy`;
    }
    if (run.probes) {
      await put(`${folder}probes_${label}.npy`, run.probes.data, [
        run.probes.rows,
        run.probes.dim,
      ]);
      entry.probes = `${folder}probes_${label}.npy`;
    }
    runs.push(entry);
  }
  const json = {
    format: SCORES_FORMAT,
    dataset: input.dataset,
    subjects: subjects.size,
    subject_source: subjects.source,
    open_set_rule: index.rule,
    splits,
    runs,
  };
  await Deno.writeTextFile(`${dir}/scores/index.json`, JSON.stringify(json, null, 2) + "\n");
  written.push("scores/index.json");
  return written;
}

/** The shared arrays of one protocol's saved splits. */
export interface SavedSplits {
  pairs?: { labels: Uint8Array; first: Int32Array; second: Int32Array };
  identification?: {
    probeSubjectIds: Int32Array;
    probeSubjects: Int32Array;
    gallerySubjectIds: Int32Array;
    gallerySet: Uint8Array;
  };
}

/** One saved run: its row key and its score files (relative to `scores/`). */
export interface SavedRun {
  protocol: string | null;
  fusion: string;
  chunk: number | null;
  pairs?: string;
  probes?: string;
}

/** Saved scores of one report folder, as read by {@linkcode readScores}. */
export interface SavedScores {
  dir: string;
  dataset: string;
  subjects: number;
  rule: OpenSetRule;
  runs: SavedRun[];
  /** By protocol (`null`: the benchmark's unnamed protocol). */
  protocols: Map<string | null, SavedSplits>;
}

/**
 * Reads `dir/scores/index.json` and the shared arrays of every protocol; `undefined` when
 * the folder saved no scores. Reads format 1 (one protocol, files in `scores/`) too.
 */
export async function readScores(dir: string): Promise<SavedScores | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(`${dir}/scores/index.json`);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  const json = JSON.parse(text);
  const runs: SavedRun[] = (json.runs as SavedRun[]).map((r) => ({
    ...r,
    protocol: r.protocol ?? null,
  }));
  const saved: SavedScores = {
    dir,
    dataset: json.dataset,
    subjects: json.subjects,
    rule: json.open_set_rule,
    runs,
    protocols: new Map(),
  };
  for (const protocol of new Set(runs.map((r) => r.protocol))) {
    saved.protocols.set(protocol, await _readSplits(`${dir}/scores/${_folder(protocol)}`));
  }
  return saved;
}

async function _readSplits(folder: string): Promise<SavedSplits> {
  const file = (name: string) => `${folder}${name}`;
  const exists = async (name: string) => await Deno.stat(file(name)).then(() => true, () => false);
  const read = async (name: string) => (await readTypedNpy(file(name))).values;
  const out: SavedSplits = {};
  if (await exists("pair_labels.npy")) {
    const labels = await read("pair_labels.npy") as Uint8Array;
    const subj = await read("pair_subjects.npy") as Int32Array;
    const first = new Int32Array(labels.length), second = new Int32Array(labels.length);
    for (let i = 0; i < labels.length; i++) {
      first[i] = subj[2 * i]!;
      second[i] = subj[2 * i + 1]!;
    }
    out.pairs = { labels, first, second };
  }
  if (await exists("probe_subjects.npy")) {
    out.identification = {
      probeSubjectIds: await read("probe_subject_ids.npy") as Int32Array,
      probeSubjects: await read("probe_subjects.npy") as Int32Array,
      gallerySubjectIds: await read("gallery_subject_ids.npy") as Int32Array,
      gallerySet: await read("gallery_set.npy") as Uint8Array,
    };
  }
  return out;
}

/** One run's saved pair scores (float32, pair order); `name` is relative to `scores/`. */
export async function readPairScores(saved: SavedScores, name: string): Promise<Float32Array> {
  return (await readTypedNpy(`${saved.dir}/scores/${name}`)).values as Float32Array;
}

/** One run's saved probe × gallery scores; `name` is relative to `scores/`. */
export async function readProbeScores(saved: SavedScores, name: string): Promise<Matrix> {
  const { values, shape } = await readTypedNpy(`${saved.dir}/scores/${name}`);
  return matrix(shape[0]!, shape[1]!, values as Float32Array);
}
