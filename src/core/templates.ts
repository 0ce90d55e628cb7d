/** Templates as CSR groups of image rows, in ascending template id order. */
export interface Templates {
  /** Sorted ascending. */
  readonly ids: Int32Array;
  /** `offsets[t]..offsets[t+1]` indexes `rows` for template `t`; length `ids.length + 1`. */
  readonly offsets: Uint32Array;
  /** Image row indices, in file order within each template. */
  readonly rows: Uint32Array;
}
