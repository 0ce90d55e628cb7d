import { _forEachLine } from "./_for_each_line.ts";
import { ensureImageList } from "./image_list.ts";
import {
  IJBS_FILES,
  type IjbsProtocol,
  type IjbsProtocolName,
  type IjbsProtocolSets,
} from "./ijbs_layout.ts";
import type { TemplateSet } from "./types.ts";

/** Options for {@linkcode loadIjbs}. */
export interface LoadIjbsOptions {
  /** Called once with whether `image_list.txt` was written from a scan of `images/`. */
  onImageList?: (info: { path: string; created: boolean; rows: number }) => void;
}

/**
 * Loads the IJB-S layout under `data` as the public IJB-S evaluation code (the PFE/AdaFace
 * lineage) reads it; see docs/ijbs.md. Every CSV's first line is a header and is skipped;
 * columns are split on commas and read by position.
 *
 * - A video template is one distinct (subject, `videos/<V>.mp4`) pair of `cs6_metadata.csv`
 *   (col 0, col 1); its rows are the image-list lines `<subject>/videos_<V>_…`, in list
 *   order. One video can hold several subjects.
 * - Probes: the video templates whose video is listed in the probe file.
 * - Single galleries: one template per row (col 1 subject, col 2 `img/<I>.jpg`), whose row
 *   is `<subject>/img_<I>.*`. Booking galleries: one template per subject holding all of its
 *   rows' images, in file order. Surveillance galleries: the (col 1, col 2) video template.
 * - Media without a list line are absent; a template may end up empty.
 *
 * @throws {SyntaxError} for a subject id that is not an integer, naming file and line.
 * @throws {Error} when a protocol file is missing, naming it.
 */
export async function loadIjbs(data: string, options: LoadIjbsOptions = {}): Promise<IjbsProtocol> {
  // 1. Rows: the image list, grouped by (subject folder, video or image).
  const list = await ensureImageList(data);
  const groups = new Map<string, number>();
  const groupOfRow: number[] = [];
  const rows = await _forEachLine(list.path, (line) => {
    const key = _rowKey(line);
    let g = key === undefined ? -1 : groups.get(key);
    if (g === undefined) {
      g = groups.size;
      groups.set(key!, g);
    }
    groupOfRow.push(g);
  });
  options.onImageList?.({ ...list, rows });
  const groupRows = _groupCsr(Int32Array.from(groupOfRow), groups.size);

  // 2. Templates: each is a list of groups (media), built on first use.
  const builder = new _TemplateBuilder(groups, groupRows);
  const videoTemplates = new Map<string, { subject: number; video: string }>();
  await _readCsv(data, IJBS_FILES.metadata, 2, (cols, where) => {
    const media = cols[1]!;
    if (!media.startsWith("videos")) return;
    const subject = _subject(cols[0]!, where);
    const key = `${subject}|${media}`;
    if (!videoTemplates.has(key)) videoTemplates.set(key, { subject, video: media });
  });
  const probeSet = async (file: string, name: string): Promise<TemplateSet> => {
    const videos = new Set<string>();
    await _readCsv(data, file, 1, (cols) => void videos.add(cols[0]!));
    const ids: number[] = [], subjects: number[] = [];
    for (const { subject, video } of videoTemplates.values()) {
      if (!videos.has(video)) continue;
      ids.push(builder.template(`v|${subject}|${video}`, subject, [_mediaKey(subject, video)]));
      subjects.push(subject);
    }
    return _set(name, ids, subjects);
  };
  const singleBooking = await probeSet(IJBS_FILES.singleBookingProbes, "probes");
  const surveillance = await probeSet(IJBS_FILES.surveillanceProbes, "probes");

  // 3. Galleries.
  const single = async (file: string, name: string) => {
    const ids: number[] = [], subjects: number[] = [];
    await _readCsv(data, file, 3, (cols, where) => {
      const subject = _subject(cols[1]!, where);
      ids.push(builder.template(`s|${where}`, subject, [_mediaKey(subject, cols[2]!)]));
      subjects.push(subject);
    });
    return _set(name, ids, subjects);
  };
  const booking = async (file: string, name: string) => {
    const media = new Map<number, string[]>();
    await _readCsv(data, file, 3, (cols, where) => {
      const subject = _subject(cols[1]!, where);
      const keys = media.get(subject) ?? [];
      keys.push(_mediaKey(subject, cols[2]!));
      media.set(subject, keys);
    });
    const ids: number[] = [], subjects: number[] = [];
    for (const [subject, keys] of media) {
      ids.push(builder.template(`b|${file}|${subject}`, subject, keys));
      subjects.push(subject);
    }
    return _set(name, ids, subjects);
  };
  const videoGallery = async (file: string, name: string) => {
    const seen = new Set<string>();
    const ids: number[] = [], subjects: number[] = [];
    await _readCsv(data, file, 3, (cols, where) => {
      const subject = _subject(cols[1]!, where);
      const video = cols[2]!;
      if (seen.has(`${subject}|${video}`)) return;
      seen.add(`${subject}|${video}`);
      ids.push(builder.template(`v|${subject}|${video}`, subject, [_mediaKey(subject, video)]));
      subjects.push(subject);
    });
    return _set(name, ids, subjects);
  };
  const [s1, s2] = IJBS_FILES.single, [b1, b2] = IJBS_FILES.booking;
  const [v1, v2] = IJBS_FILES.surveillance;
  const sets = (name: IjbsProtocolName, probe: TemplateSet, g: [TemplateSet, TemplateSet]) =>
    ({ name, probe, galleries: g }) satisfies IjbsProtocolSets;
  const protocols = [
    sets("surveillance_to_single", singleBooking, [
      await single(s1!, "G1"),
      await single(s2!, "G2"),
    ]),
    sets("surveillance_to_booking", singleBooking, [
      await booking(b1!, "G1"),
      await booking(b2!, "G2"),
    ]),
    sets("surveillance_to_surveillance", surveillance, [
      await videoGallery(v1!, "G1"),
      await videoGallery(v2!, "G2"),
    ]),
  ];
  return { rows, ...builder.finish(), protocols };
}

/**
 * The group key of an image-list line `…/<PID>/<file>`: `<PID>/videos_<V>` for
 * `videos_<V>_<FRAME>.*`, `<PID>/<stem>` for `img_<I>.*`, as the reference's `path_dict`
 * (one slice of the line, no concatenation: this runs once per row).
 */
function _rowKey(line: string): string | undefined {
  const slash = line.lastIndexOf("/");
  const start = line.lastIndexOf("/", slash - 1) + 1;
  if (line.startsWith("videos_", slash + 1)) {
    const end = line.indexOf("_", slash + 8);
    return end < 0 ? undefined : line.slice(start, end);
  }
  if (line.startsWith("img", slash + 1)) {
    const dot = line.lastIndexOf(".");
    return line.slice(start, dot > slash + 1 ? dot : line.length);
  }
  return undefined;
}

/** The group key of a protocol media path `videos/<V>.mp4` or `img/<I>.jpg` of a subject. */
function _mediaKey(subject: number, media: string): string {
  const slash = media.indexOf("/");
  const base = media.slice(slash + 1);
  const dot = base.lastIndexOf(".");
  return `${subject}/${media.slice(0, slash)}_${dot > 0 ? base.slice(0, dot) : base}`;
}

function _subject(text: string, where: string): number {
  const value = Number(text);
  if (text === "" || !Number.isInteger(value) || Math.abs(value) > 0x7fffffff) {
    throw new SyntaxError(`Cannot read ${where} as its subject id "${text}" is not an integer`);
  }
  return value;
}

async function _readCsv(
  data: string,
  file: string,
  columns: number,
  visit: (cols: string[], where: string) => void,
): Promise<void> {
  const path = `${data}/${file}`;
  try {
    await _forEachLine(path, (line, n) => {
      if (n === 1 || line.trim() === "") return;
      const cols = line.split(",").map((c) => c.trim());
      const where = `${file} line ${n}`;
      if (cols.length < columns) {
        throw new SyntaxError(
          `Cannot read ${where} as it has ${cols.length} fields: expected at least ${columns}`,
        );
      }
      visit(cols, where);
    });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new Error(`Cannot find IJB-S protocol file ${path}`);
    }
    throw error;
  }
}

function _set(name: string, ids: number[], subjects: number[]): TemplateSet {
  return { name, templateIds: Int32Array.from(ids), subjectIds: Int32Array.from(subjects) };
}

/** CSR of the rows of each group, in list order. */
function _groupCsr(groupOfRow: Int32Array, count: number) {
  const offsets = new Uint32Array(count + 1);
  for (const g of groupOfRow) if (g >= 0) offsets[g + 1]!++;
  for (let g = 0; g < count; g++) offsets[g + 1]! += offsets[g]!;
  const rows = new Uint32Array(offsets[count]!);
  const fill = offsets.slice(0, count);
  for (let r = 0; r < groupOfRow.length; r++) {
    const g = groupOfRow[r]!;
    if (g >= 0) rows[fill[g]!++] = r;
  }
  return { offsets, rows };
}

class _TemplateBuilder {
  #ids = new Map<string, number>();
  #subjects: number[] = [];
  #members: number[][] = [];
  #groups: Map<string, number>;
  #groupRows: { offsets: Uint32Array; rows: Uint32Array };

  constructor(groups: Map<string, number>, groupRows: { offsets: Uint32Array; rows: Uint32Array }) {
    this.#groups = groups;
    this.#groupRows = groupRows;
  }

  /** The id of the template named `key`, made from the media `keys` on first use. */
  template(key: string, subject: number, keys: readonly string[]): number {
    const known = this.#ids.get(key);
    if (known !== undefined) return known;
    const id = this.#subjects.length;
    this.#ids.set(key, id);
    this.#subjects.push(subject);
    this.#members.push(keys.map((k) => this.#groups.get(k) ?? -1).filter((g) => g >= 0));
    return id;
  }

  finish() {
    const { offsets: go, rows: gr } = this.#groupRows;
    const count = this.#subjects.length;
    const offsets = new Uint32Array(count + 1);
    this.#members.forEach((groups, t) => {
      offsets[t + 1] = offsets[t]! + groups.reduce((n, g) => n + go[g + 1]! - go[g]!, 0);
    });
    const rows = new Uint32Array(offsets[count]!);
    this.#members.forEach((groups, t) => {
      let k = offsets[t]!;
      for (const g of groups) {
        rows.set(gr.subarray(go[g]!, go[g + 1]!), k);
        k += go[g + 1]! - go[g]!;
      }
    });
    const ids = Int32Array.from({ length: count }, (_, i) => i);
    return { templates: { ids, offsets, rows }, subjects: Int32Array.from(this.#subjects) };
  }
}
