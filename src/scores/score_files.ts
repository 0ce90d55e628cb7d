import type { OpenSetRule } from "../metrics/tpir_at_fpir.ts";
import { type Matrix, matrix } from "../features/matrix.ts";
import type { PairList, TemplateSet } from "../protocol/types.ts";
import { type SubjectIndex, subjectIndex } from "../uncertainty/mod.ts";
import { readTypedNpy, type TypedValues, writeTypedNpy } from "./typed_npy.ts";

/** What saved scores refer to: the protocol's pairs and 1:N sets, and the subjects. */
export interface ScoreIndex {
  pairs?: PairList;
  probes?: TemplateSet;
  galleries: readonly TemplateSet[];
  /** The bootstrap's subjects, when intervals were computed (else they are derived). */
  subjects?: SubjectIndex;
  rule: OpenSetRule;
}

/** One run's scores to save: its label and the arrays. */
export interface RunScores {
  fusion: string;
  chunk: number | null;
  pairs?: Float32Array;
  probes?: Matrix;
}

/** The file name part of a run: `average`, `caface-8`. */
export function runFileLabel(r: { fusion: string; chunk: number | null }): string {
  return r.chunk === null ? r.fusion : `${r.fusion}-${r.chunk}`;
}

/**
 * Writes `dir/scores/`: `index.json` (what each file holds), `pair_labels.npy` (uint8 [P],
 * pair order of the protocol file), `pair_templates.npy` (int32 [P, 2]),
 * `pair_subjects.npy` (int32 [P, 2], subjects numbered 0 … S−1), per run
 * `pairs_<run>.npy` (float32 [P]); for identification `probe_templates.npy`,
 * `probe_subject_ids.npy`, `probe_subjects.npy`, `gallery_templates.npy`,
 * `gallery_subject_ids.npy`, `gallery_set.npy` (uint8: which gallery each column is in)
 * and per run `probes_<run>.npy` (float32 [probes, G1+G2 templates]). Returns the names
 * written, relative to `dir`.
 */
export async function writeScores(
  dir: string,
  input: { dataset: string; index: ScoreIndex; runs: readonly RunScores[] },
): Promise<string[]> {
  const { index } = input;
  await Deno.mkdir(`${dir}/scores`, { recursive: true });
  const written: string[] = [];
  const put = async (name: string, values: TypedValues, shape?: number[]) => {
    await writeTypedNpy(`${dir}/scores/${name}`, values, shape);
    written.push(`scores/${name}`);
  };
  const sets = [...index.galleries, ...(index.probes ? [index.probes] : [])];
  const subjects = index.subjects ?? subjectIndex(sets, index.pairs);
  const dense = (t: number) => subjects.ofTemplate.get(t)!;
  const runs: Record<string, unknown>[] = [];
  if (index.pairs) {
    const p = index.pairs, n = p.labels.length;
    const templates = new Int32Array(2 * n), subj = new Int32Array(2 * n);
    for (let i = 0; i < n; i++) {
      templates[2 * i] = p.t1[i]!;
      templates[2 * i + 1] = p.t2[i]!;
      subj[2 * i] = dense(p.t1[i]!);
      subj[2 * i + 1] = dense(p.t2[i]!);
    }
    await put("pair_labels.npy", p.labels);
    await put("pair_templates.npy", templates, [n, 2]);
    await put("pair_subjects.npy", subj, [n, 2]);
  }
  const probes = index.probes;
  if (probes && index.galleries.length) {
    const galleryTemplates = Int32Array.from(
      index.galleries.flatMap((g) => Array.from(g.templateIds)),
    );
    const gallerySubjects = Int32Array.from(
      index.galleries.flatMap((g) => Array.from(g.subjectIds)),
    );
    const gallerySet = Uint8Array.from(
      index.galleries.flatMap((g, k) => Array.from(g.templateIds, () => k)),
    );
    await put("probe_templates.npy", probes.templateIds);
    await put("probe_subject_ids.npy", probes.subjectIds);
    await put("probe_subjects.npy", Int32Array.from(probes.templateIds, dense));
    await put("gallery_templates.npy", galleryTemplates);
    await put("gallery_subject_ids.npy", gallerySubjects);
    await put("gallery_set.npy", gallerySet);
  }
  for (const run of input.runs) {
    const label = runFileLabel(run);
    const entry: Record<string, unknown> = { fusion: run.fusion, chunk: run.chunk };
    if (run.pairs) {
      await put(`pairs_${label}.npy`, run.pairs);
      entry.pairs = `pairs_${label}.npy`;
    }
    if (run.probes) {
      await put(`probes_${label}.npy`, run.probes.data, [run.probes.rows, run.probes.dim]);
      entry.probes = `probes_${label}.npy`;
    }
    runs.push(entry);
  }
  const json = {
    format: "caface-harness scores 1",
    dataset: input.dataset,
    subjects: subjects.size,
    subject_source: subjects.source,
    open_set_rule: index.rule,
    galleries: index.galleries.map((g) => g.name),
    runs,
  };
  await Deno.writeTextFile(`${dir}/scores/index.json`, JSON.stringify(json, null, 2) + "\n");
  written.push("scores/index.json");
  return written;
}

/** Saved scores of one report folder, as read by {@linkcode readScores}. */
export interface SavedScores {
  dir: string;
  dataset: string;
  subjects: number;
  rule: OpenSetRule;
  runs: { fusion: string; chunk: number | null; pairs?: string; probes?: string }[];
  pairs?: { labels: Uint8Array; first: Int32Array; second: Int32Array };
  identification?: {
    probeSubjectIds: Int32Array;
    probeSubjects: Int32Array;
    gallerySubjectIds: Int32Array;
    gallerySet: Uint8Array;
  };
}

/** Reads `dir/scores/index.json` and the shared arrays; `undefined` when there are none. */
export async function readScores(dir: string): Promise<SavedScores | undefined> {
  let text: string;
  try {
    text = await Deno.readTextFile(`${dir}/scores/index.json`);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
  const json = JSON.parse(text);
  const file = (name: string) => `${dir}/scores/${name}`;
  const exists = async (name: string) => await Deno.stat(file(name)).then(() => true, () => false);
  const saved: SavedScores = {
    dir,
    dataset: json.dataset,
    subjects: json.subjects,
    rule: json.open_set_rule,
    runs: json.runs,
  };
  if (await exists("pair_labels.npy")) {
    const labels = (await readTypedNpy(file("pair_labels.npy"))).values as Uint8Array;
    const subj = (await readTypedNpy(file("pair_subjects.npy"))).values as Int32Array;
    const first = new Int32Array(labels.length), second = new Int32Array(labels.length);
    for (let i = 0; i < labels.length; i++) {
      first[i] = subj[2 * i]!;
      second[i] = subj[2 * i + 1]!;
    }
    saved.pairs = { labels, first, second };
  }
  if (await exists("probe_subjects.npy")) {
    saved.identification = {
      probeSubjectIds: (await readTypedNpy(file("probe_subject_ids.npy"))).values as Int32Array,
      probeSubjects: (await readTypedNpy(file("probe_subjects.npy"))).values as Int32Array,
      gallerySubjectIds: (await readTypedNpy(file("gallery_subject_ids.npy"))).values as Int32Array,
      gallerySet: (await readTypedNpy(file("gallery_set.npy"))).values as Uint8Array,
    };
  }
  return saved;
}

/** One run's saved pair scores (float32, pair order). */
export async function readPairScores(saved: SavedScores, name: string): Promise<Float32Array> {
  return (await readTypedNpy(`${saved.dir}/scores/${name}`)).values as Float32Array;
}

/** One run's saved probe × gallery scores. */
export async function readProbeScores(saved: SavedScores, name: string): Promise<Matrix> {
  const { values, shape } = await readTypedNpy(`${saved.dir}/scores/${name}`);
  return matrix(shape[0]!, shape[1]!, values as Float32Array);
}
