import type { BenchmarkData, ImageRows, Split, SplitKind } from "./benchmark_data.ts";
import { IJBS_FILES, IJBS_INPUT_FILES } from "./ijbs_layout.ts";
import { ensureImageList } from "./image_list.ts";
import { loadIjbs } from "./load_ijbs.ts";
import { loadImageTable } from "./load_image_table.ts";
import { loadProtocol, type ProtocolFiles } from "./load_protocol.ts";
import type { ImageTable } from "./types.ts";
import { _forEachLine } from "./_for_each_line.ts";

/** The insightface IJB meta file names, relative to `<data>/meta/` (docs/ijb-layout.md). */
export type IjbFiles = Omit<ProtocolFiles, "dataset">;

/**
 * How a dataset lies on disk:
 * - `"ijb"`: the insightface IJB-B/C layout (`meta/`, `loose_crop/`), one verification
 *   split and one identification split over the galleries;
 * - `"ijbs"`: the IJB-S cs6 layout (`protocols/`, `image_list.txt`, `images/`), three
 *   identification splits, one per protocol (docs/ijbs.md).
 */
export type Layout =
  | { readonly kind: "ijb"; readonly files: IjbFiles }
  | { readonly kind: "ijbs" };

/** Options of {@linkcode loadLayout}. */
export interface LoadLayoutOptions {
  /** Name carried into the data, e.g. `"ijbb"`. */
  dataset: string;
  /** Which split kinds to load; the files of the others are not read. Default: all. */
  kinds?: readonly SplitKind[];
  /** Progress of the largest file (bytes parsed, total). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Loads a dataset's splits from `data`. Only the files the asked split kinds need are read.
 *
 * @throws {Error} naming a missing protocol file; {@link SyntaxError} or {@link RangeError}
 * from the loaders, naming the file and line.
 */
export async function loadLayout(
  layout: Layout,
  data: string,
  options: LoadLayoutOptions,
): Promise<BenchmarkData> {
  const kinds = options.kinds ?? ["verification", "identification"];
  if (layout.kind === "ijb") return await _loadIjb(layout.files, data, kinds, options);
  return await _loadIjbs(data, options.dataset, kinds);
}

/** The protocol files `loadLayout` reads for `kinds`, relative to the data folder. */
export function layoutInputs(layout: Layout, kinds?: readonly SplitKind[]): string[] {
  const wants = (k: SplitKind) => kinds === undefined || kinds.includes(k);
  if (layout.kind === "ijbs") return wants("identification") ? [...IJBS_INPUT_FILES] : [];
  const f = layout.files;
  return [
    f.faceTidMid,
    f.fivePts,
    ...(wants("verification") && f.pairs ? [f.pairs] : []),
    ...(wants("identification") && f.probes ? [f.probes] : []),
    ...(wants("identification") ? f.galleries.map((g) => g.file) : []),
  ].map((name) => `meta/${name}`);
}

/** What extracting a layout's images needs: the image table, its folder, the alignment. */
export interface ExtractionInput {
  table: ImageTable;
  imageDir: string;
  /** True when the images are aligned crops to be resized, not warped by landmarks. */
  prealigned: boolean;
}

/**
 * The images of a layout as the extractor reads them. IJB-B/C: the line-aligned meta files,
 * crops in `loose_crop/` warped by their landmarks. IJB-S: every line of `image_list.txt`
 * (written from a sorted scan of `images/` when missing), aligned crops in `images/`.
 */
export async function extractionInput(layout: Layout, data: string): Promise<ExtractionInput> {
  if (layout.kind === "ijb") {
    const { faceTidMid, fivePts } = layout.files;
    return {
      table: await loadImageTable(`${data}/meta/${faceTidMid}`, `${data}/meta/${fivePts}`),
      imageDir: `${data}/loose_crop`,
      prealigned: false,
    };
  }
  const list = await ensureImageList(data);
  const names: string[] = [];
  await _forEachLine(list.path, (line) => void names.push(line));
  const rows = names.length;
  return {
    table: {
      names,
      templateIds: new Int32Array(rows),
      mediaIds: new Int32Array(rows),
      landmarks: new Float32Array(rows * 10).fill(NaN),
      faceness: new Float32Array(rows).fill(1),
    },
    imageDir: `${data}/${IJBS_FILES.images}`,
    prealigned: true,
  };
}

async function _loadIjb(
  files: IjbFiles,
  data: string,
  kinds: readonly SplitKind[],
  options: LoadLayoutOptions,
): Promise<BenchmarkData> {
  const verification = kinds.includes("verification");
  const identification = kinds.includes("identification");
  const protocol = await loadProtocol(data, {
    dataset: options.dataset,
    faceTidMid: files.faceTidMid,
    fivePts: files.fivePts,
    pairs: verification ? files.pairs : undefined,
    galleries: identification ? files.galleries : [],
    probes: identification ? files.probes : undefined,
  }, { onProgress: options.onProgress }).catch((error) => {
    throw _taskFile(error, files, kinds);
  });
  const splits: Split[] = [];
  if (protocol.pairs && files.pairs) {
    splits.push({ kind: "verification", pairs: protocol.pairs, source: `meta/${files.pairs}` });
  }
  if (protocol.probes && protocol.galleries.length > 0) {
    splits.push({ kind: "identification", probe: protocol.probes, galleries: protocol.galleries });
  }
  const names = protocol.images.names;
  const images: ImageRows = {
    count: names.length,
    dir: `${data}/loose_crop`,
    listFile: `meta/${files.faceTidMid}`,
    mediaIds: protocol.images.mediaIds,
    faceness: protocol.images.faceness,
    names: (rows) => Promise.resolve(rows.map((r) => names[r]!)),
  };
  return {
    dataset: options.dataset,
    images,
    templates: protocol.templates,
    splits,
    inputs: layoutInputs({ kind: "ijb", files }, kinds),
    notes: {},
  };
}

/**
 * A missing file of one task named with that task: `Cannot find meta file …/x_1N_probe.csv,
 * which --tasks identification reads: add it, or run --tasks verification`.
 */
function _taskFile(error: unknown, files: IjbFiles, kinds: readonly SplitKind[]): unknown {
  const path = error instanceof Error && /^Cannot find meta file (.+)$/.exec(error.message)?.[1];
  if (!path) return error;
  const name = path.slice(path.lastIndexOf("/") + 1);
  const identification = name === files.probes || files.galleries.some((g) => g.file === name);
  const task = name === files.pairs ? "verification" : identification ? "identification" : null;
  if (task === null) return error;
  const other = kinds.length > 1
    ? `, or run --tasks ${task === "verification" ? "identification" : "verification"}`
    : "";
  return new Error(`${(error as Error).message}, which --tasks ${task} reads: add it${other}`, {
    cause: error,
  });
}

async function _loadIjbs(
  data: string,
  dataset: string,
  kinds: readonly SplitKind[],
): Promise<BenchmarkData> {
  let created = false;
  let listPath = `${data}/${IJBS_FILES.imageList}`;
  const protocol = await loadIjbs(data, {
    onImageList: (info) => {
      created = info.created;
      listPath = info.path;
    },
  });
  const splits: Split[] = kinds.includes("identification")
    ? protocol.protocols.map((p) => ({
      kind: "identification",
      protocol: p.name,
      probe: p.probe,
      galleries: p.galleries,
    }))
    : [];
  const images: ImageRows = {
    count: protocol.rows,
    dir: `${data}/${IJBS_FILES.images}`,
    listFile: IJBS_FILES.imageList,
    names: (rows) => _listLines(listPath, rows),
  };
  return {
    dataset,
    images,
    templates: protocol.templates,
    splits,
    inputs: layoutInputs({ kind: "ijbs" }, kinds),
    notes: { image_list_created: created },
  };
}

/** Lines `rows` (0-based) of a list file, in the order asked, in one pass. */
async function _listLines(path: string, rows: readonly number[]): Promise<string[]> {
  const wanted = new Map<number, number[]>();
  rows.forEach((r, i) => wanted.set(r, [...wanted.get(r) ?? [], i]));
  const out = new Array<string>(rows.length).fill("");
  await _forEachLine(path, (line, n) => {
    for (const i of wanted.get(n - 1) ?? []) out[i] = line;
  });
  return out;
}
