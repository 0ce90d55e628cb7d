/** Rows of a per-image table read in blocks, so large feature files are streamed. */
export interface RowSource {
  readonly rows: number;
  readonly dim: number;
  /** Returns rows `start .. start+count-1` as a fresh row-major Float32Array. */
  readRows(start: number, count: number): Promise<Float32Array>;
  /** Releases the underlying file, if any. */
  close?(): void;
}
