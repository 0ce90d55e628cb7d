/**
 * Cuts the chunks of all templates into windows of bounded size, in template order, so the
 * engine's memory stays flat however many templates or images there are.
 */
import type { Templates } from "../protocol/mod.ts";
import { arraySplitSizes } from "./array_split.ts";

/** The chunks ("parts") of one window, as parallel arrays. */
export interface Window {
  /** Template index of each part. */
  readonly template: Int32Array;
  /** First position of each part in `templates.rows`. */
  readonly start: Uint32Array;
  /** Images in each part (before NaN rows are dropped). */
  readonly length: Uint32Array;
  /** 1 on the first part of a template, 2 on the last, 3 on both. */
  readonly edge: Uint8Array;
  /** Number of parts. */
  readonly parts: number;
  /** Total images. */
  readonly rows: number;
  /** Templates finished by this window, counting those with no image at all. */
  readonly templatesDone: number;
}

/** The limits of a window: at least one part is always taken. */
export interface WindowLimits {
  readonly rows: number;
  readonly parts: number;
}

/**
 * Yields windows covering every part of every template in order. A template larger than the
 * limits spans several windows (at part boundaries); a single part is never cut, so at
 * chunk 9999 a template's images are all in one window. Templates with no image yield no
 * part.
 */
export function* windows(
  templates: Templates,
  chunk: number,
  limits: WindowLimits,
): Generator<Window> {
  const count = templates.ids.length;
  let t = 0;
  let sizes: number[] | undefined;
  let part = 0;
  let position = 0;
  while (t < count) {
    const tpl: number[] = [];
    const start: number[] = [];
    const length: number[] = [];
    const edge: number[] = [];
    let rows = 0;
    const t0 = t;
    while (t < count && rows < limits.rows && tpl.length < limits.parts) {
      if (sizes === undefined) {
        position = templates.offsets[t]!;
        sizes = arraySplitSizes(templates.offsets[t + 1]! - position, chunk);
        part = 0;
      }
      if (part < sizes.length) {
        const size = sizes[part]!;
        tpl.push(t);
        start.push(position);
        length.push(size);
        edge.push((part === 0 ? 1 : 0) | (part === sizes.length - 1 ? 2 : 0));
        position += size;
        rows += size;
        part++;
      }
      if (part >= sizes.length) {
        t++;
        sizes = undefined;
      }
    }
    yield {
      template: Int32Array.from(tpl),
      start: Uint32Array.from(start),
      length: Uint32Array.from(length),
      edge: Uint8Array.from(edge),
      parts: tpl.length,
      rows,
      templatesDone: t - t0,
    };
  }
}
