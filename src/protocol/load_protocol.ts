import type { ImageTable, PairList, Protocol, Templates, TemplateSet } from "./types.ts";
import { groupTemplates } from "./group_templates.ts";
import { loadImageTable } from "./load_image_table.ts";
import { loadPairs } from "./load_pairs.ts";
import { _basename, _readMetaFile } from "./_meta_file.ts";
import { _parseTemplateSet } from "./_parse_template_set.ts";

/** The metadata file names of one dataset, relative to `<dir>/meta/` (docs/ijb-layout.md). */
export interface ProtocolFiles {
  /** Dataset name carried into the {@linkcode Protocol}, e.g. `"ijbb"`. */
  readonly dataset: string;
  /** e.g. `"ijbb_face_tid_mid.txt"`. */
  readonly faceTidMid: string;
  /** e.g. `"ijbb_name_5pts_score.txt"`. */
  readonly fivePts: string;
  /** 1:1 pair list, e.g. `"ijbb_template_pair_label.txt"`; absent: no verification. */
  readonly pairs?: string;
  /** 1:N galleries, e.g. `[{ name: "S1", file: "ijbb_1N_gallery_S1.csv" }]`; may be empty. */
  readonly galleries: readonly { readonly name: string; readonly file: string }[];
  /** 1:N probes, e.g. `"ijbb_1N_probe_mixed.csv"`, named `"probes"`; absent: no 1:N. */
  readonly probes?: string;
}

/** Options for {@linkcode loadProtocol}. */
export interface LoadProtocolOptions {
  /** Passed to {@linkcode loadPairs}: (bytes parsed, file size). Default: none. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Loads and cross-checks a dataset's metadata from `<dir>/meta/`: the image table, its
 * templates grouped in ascending id order, the pairs, galleries and probes.
 *
 * Every template id named by the pairs or a 1:N CSV must have an image in face_tid_mid.
 *
 * @throws {Error} `Cannot find meta file <path>` when a named file is missing.
 * @throws {SyntaxError} when a file cannot be parsed (see the single-file loaders).
 * @throws {RangeError} when the image files do not align, or a pair or 1:N row names a
 * template with no image, naming the file and line.
 *
 * @example
 * ```ts ignore
 * const protocol = await loadProtocol("/data/IJBB", {
 *   dataset: "ijbb",
 *   faceTidMid: "ijbb_face_tid_mid.txt",
 *   fivePts: "ijbb_name_5pts_score.txt",
 *   pairs: "ijbb_template_pair_label.txt",
 *   galleries: [{ name: "S1", file: "ijbb_1N_gallery_S1.csv" }],
 *   probes: "ijbb_1N_probe_mixed.csv",
 * });
 * ```
 */
export async function loadProtocol(
  dir: string,
  layout: ProtocolFiles,
  options: LoadProtocolOptions = {},
): Promise<Protocol> {
  const meta = `${dir.replace(/[/\\]+$/, "")}/meta/`;
  // Load concurrently, but let every load settle and report the first failure in layout
  // order, so that the error does not depend on timing and no read outlives the call.
  const settled = await Promise.allSettled(
    [
      loadImageTable(meta + layout.faceTidMid, meta + layout.fivePts),
      layout.pairs === undefined ? undefined : loadPairs(meta + layout.pairs, options),
      Promise.all(layout.galleries.map((g) => _loadSet(meta + g.file, g.name))),
      layout.probes === undefined ? undefined : _loadSet(meta + layout.probes, "probes"),
    ] as const,
  );
  for (const result of settled) if (result.status === "rejected") throw result.reason;
  const [images, pairs, galleries, probes] = settled.map((r) =>
    r.status === "fulfilled" ? r.value : undefined
  ) as [ImageTable, PairList | undefined, _LoadedSet[], _LoadedSet | undefined];
  const templates = groupTemplates(images.templateIds);
  const known = new _TemplateLookup(templates);
  const imageFile = _basename(layout.faceTidMid);
  if (pairs !== undefined && layout.pairs !== undefined) {
    _checkPairs(pairs, known, _basename(layout.pairs), imageFile);
  }
  for (const set of probes === undefined ? galleries : [...galleries, probes]) {
    for (let i = 0; i < set.set.templateIds.length; i++) {
      const id = set.set.templateIds[i] as number;
      if (!known.has(id)) _unknown(set.file, set.lines[i] as number, id, imageFile);
    }
  }
  return {
    dataset: layout.dataset,
    images,
    templates,
    ...(pairs === undefined ? {} : { pairs }),
    galleries: galleries.map((g) => g.set),
    ...(probes === undefined ? {} : { probes: probes.set }),
  };
}

interface _LoadedSet {
  set: TemplateSet;
  file: string;
  lines: Uint32Array;
}

async function _loadSet(path: string, name: string): Promise<_LoadedSet> {
  const file = _basename(path);
  const text = new TextDecoder().decode(await _readMetaFile(path));
  const { templateIds, subjectIds, lines } = _parseTemplateSet(text, file);
  return { set: { name, templateIds, subjectIds }, file, lines };
}

function _checkPairs(pairs: PairList, known: _TemplateLookup, file: string, imageFile: string) {
  const { t1, t2 } = pairs;
  for (let i = 0; i < t1.length; i++) {
    const a = t1[i] as number;
    if (!known.has(a)) _unknown(file, i + 1, a, imageFile);
    const b = t2[i] as number;
    if (!known.has(b)) _unknown(file, i + 1, b, imageFile);
  }
}

function _unknown(file: string, line: number, id: number, imageFile: string): never {
  throw new RangeError(
    `Cannot use ${file} line ${line} as it names template ${id}, which has no image in ${imageFile}`,
  );
}

/** Membership of template ids: a flag per id when the ids are small, else binary search. */
class _TemplateLookup {
  #ids: Int32Array;
  #flags: Uint8Array | undefined;

  constructor(templates: Templates) {
    this.#ids = templates.ids;
    const max = this.#ids.length === 0 ? -1 : this.#ids[this.#ids.length - 1] as number;
    const min = this.#ids[0] ?? 0;
    if (min >= 0 && max < 1 << 26) {
      this.#flags = new Uint8Array(max + 1);
      for (const id of this.#ids) this.#flags[id] = 1;
    }
  }

  has(id: number): boolean {
    if (this.#flags !== undefined) return this.#flags[id] === 1;
    const ids = this.#ids;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((ids[mid] as number) < id) lo = mid + 1;
      else hi = mid;
    }
    return ids[lo] === id;
  }
}
