/** Rows of a per-image table read in blocks, so large feature files are streamed. */
export interface RowSource {
  readonly rows: number;
  readonly dim: number;
  /** Returns rows `start .. start+count-1` as a fresh row-major Float32Array. */
  readRows(start: number, count: number): Promise<Float32Array>;
  /**
   * Optional: reads rows `start .. start+count-1` into `out` (at least `count × dim` long),
   * so a stream can reuse two buffers instead of allocating (and page-faulting) a fresh
   * block per read.
   */
  readRowsInto?(start: number, count: number, out: Float32Array): Promise<void>;
  /** Releases the underlying file, if any. */
  close?(): void;
}
