/**
 * Test helper: reads fixtures/ijbs/caface/reference.json and reference.bin, written by
 * tools/caface/make_ijbs_reference.py (see that script).
 */
import type { IdentificationResult } from "../../src/metrics/mod.ts";

const HERE = new URL("../../fixtures/ijbs/caface/", import.meta.url);

/** The PyTorch CAFace reference of the IJB-S fixture and of the long template. */
export interface IjbsCafaceReference {
  /** The IJB-S templates in array row order: first image row and row count. */
  templates: { first_row: number | null; rows: number; key: string }[];
  /** Per chunk size, per protocol: the rates of the public evaluation code. */
  protocols: Record<
    string,
    Record<
      string,
      Pick<IdentificationResult, "probes" | "rank" | "tpir_at_fpir"> & { mated_probes: number }
    >
  >;
  long: { frames: number; chunks: number[]; parts: Record<string, number[]> };
  /** `ijbs_<chunk>` [templates, 512] and `long_<chunk>` [1, 512]. */
  get(name: string): Float32Array;
}

/** Loads the reference. */
export async function loadIjbsCafaceReference(): Promise<IjbsCafaceReference> {
  const info = JSON.parse(await Deno.readTextFile(new URL("reference.json", HERE)));
  const bytes = await Deno.readFile(new URL("reference.bin", HERE));
  const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const arrays = info.arrays as Record<string, { offset: number; shape: number[] }>;
  return {
    ...info,
    get(name) {
      const entry = arrays[name];
      if (!entry) throw new RangeError(`Cannot find reference array "${name}"`);
      const size = entry.shape.reduce((a, b) => a * b, 1);
      return floats.slice(entry.offset, entry.offset + size);
    },
  };
}
