/**
 * Where a model runs, and the onnxruntime settings of each place. Parsing only: whether a
 * device is usable on this machine is {@linkcode probeDevice}'s business.
 */

/** Where a model runs: the CPU, the GPU through WebGPU (Dawn over Vulkan), or a CUDA device. */
export type Device = "cpu" | "webgpu" | `cuda:${number}`;

/** The device words accepted by {@linkcode parseDevice}, for help texts. */
export const DEVICE_CHOICES = "cpu, webgpu, cuda or cuda:N";

/**
 * Parses `cpu`, `webgpu`, `cuda` or `cuda:N`.
 *
 * @example
 * ```ts
 * import { deepStrictEqual as assertEquals } from "node:assert/strict";
 * assertEquals(parseDevice("cuda"), "cuda:0");
 * assertEquals(parseDevice("webgpu"), "webgpu");
 * ```
 *
 * @throws {RangeError} For any other text (the message lists the choices).
 */
export function parseDevice(text: string): Device {
  if (text === "cpu" || text === "webgpu") return text;
  if (text === "cuda") return "cuda:0";
  const match = /^cuda:(\d+)$/.exec(text);
  if (match) return `cuda:${Number(match[1])}`;
  throw new RangeError(`Cannot use device "${text}": expected ${DEVICE_CHOICES}`);
}

/**
 * Options of onnxruntime's WebGPU execution provider that the harness can set. The defaults
 * ({@linkcode DEFAULT_WEBGPU_OPTIONS}) are the variant that measured fastest in
 * `benchmarks/gpu/` (see docs/gpu.md).
 */
export interface WebGpuOptions {
  /** Layout of convolutions inside the provider. */
  readonly preferredLayout?: "NCHW" | "NHWC";
  /** Record the kernels once and replay them (needs fixed input shapes). */
  readonly graphCapture?: boolean;
  /** Dawn's API validation; `disabled` saves CPU time per dispatch. */
  readonly validationMode?: "disabled" | "wgpuOnly" | "basic" | "full";
}

/** The WebGPU options used when none are given. */
export const DEFAULT_WEBGPU_OPTIONS: WebGpuOptions = { validationMode: "disabled" };

/**
 * The images per backbone call when `--batch` is not given: 64 on the CPU (larger batches
 * gain nothing there), and on a GPU the largest power of two up to 256 whose input tensor
 * stays under 64 MB (256 for 112×112 crops), as GPU throughput grows with the batch.
 *
 * @example
 * ```ts
 * import { deepStrictEqual as assertEquals } from "node:assert/strict";
 * assertEquals(defaultBatch("cpu", 112, 112), 64);
 * assertEquals(defaultBatch("webgpu", 112, 112), 256);
 * ```
 */
export function defaultBatch(device: Device, height: number, width: number): number {
  if (device === "cpu") return 64;
  const bytesPerImage = 3 * height * width * 4;
  let batch = 256;
  while (batch > 1 && batch * bytesPerImage > 64e6) batch /= 2;
  return batch;
}
