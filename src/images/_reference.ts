/** Test-only access to the OpenCV / skimage fixtures in fixtures/align and fixtures/images. */
import { fileURLToPath } from "node:url";

/** One case of fixtures/align/reference.json (written by make_reference.py). */
export interface AlignCase {
  case: string;
  image: string;
  width: number;
  height: number;
  decoded_sha256_rgb: string;
  decoded_sum_rgb: [number, number, number];
  landmarks: number[];
  M: number[];
  crop: string;
  crop_sum_rgb: [number, number, number];
  crop_black_pixels: number;
}

/** cv2.imread's result for one file of fixtures/images, or null where it fails. */
export interface ExpectedDecode {
  width: number;
  height: number;
  sum_rgb: [number, number, number];
  sha256_rgb: string;
}

/** Absolute path of a file under fixtures/. */
export function fixturePath(relative: string): string {
  return fileURLToPath(new URL(`../../fixtures/${relative}`, import.meta.url));
}

/** The cases of fixtures/align/reference.json. */
export function alignCases(): AlignCase[] {
  const text = Deno.readTextFileSync(fixturePath("align/reference.json"));
  return (JSON.parse(text) as { cases: AlignCase[] }).cases;
}

/** fixtures/images/expected.json's `files`. */
export function expectedDecodes(): Record<string, ExpectedDecode | null> {
  const text = Deno.readTextFileSync(fixturePath("images/expected.json"));
  return (JSON.parse(text) as { files: Record<string, ExpectedDecode | null> }).files;
}

/** Hex SHA-256 of bytes. */
export async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes.slice()));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Mean, 99th percentile and maximum of |a − b| over all bytes. */
export function diffStats(
  a: Uint8Array,
  b: Uint8Array,
): { mean: number; p99: number; max: number } {
  if (a.length !== b.length) {
    throw new TypeError(`Cannot compare ${a.length} and ${b.length} bytes`);
  }
  const histogram = new Float64Array(256);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    histogram[d]!++;
    sum += d;
  }
  let seen = 0, p99 = 0, max = 0;
  for (let d = 0; d < 256; d++) {
    if (histogram[d]! === 0) continue;
    max = d;
    if (seen < 0.99 * a.length) p99 = d;
    seen += histogram[d]!;
  }
  return { mean: sum / a.length, p99, max };
}
