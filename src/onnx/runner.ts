/**
 * The one place that imports onnxruntime-node. Everything that runs an ONNX graph goes
 * through {@linkcode OnnxModel}.
 */
import * as ort from "onnxruntime-node";
import { DEFAULT_WEBGPU_OPTIONS, type Device, type WebGpuOptions } from "./device.ts";

/** Severities of onnxruntime's own log, least to most severe. */
export const RUNTIME_LOG_LEVELS = ["verbose", "info", "warning", "error", "fatal"] as const;

/**
 * Sets the severity below which onnxruntime's own log (printed straight to stderr, e.g. the
 * `provider_bridge_ort.cc … Failed to load library` line of a missing CUDA provider) is
 * dropped. onnxruntime-node fixes it when the process creates its first session, so call
 * this before any model is loaded; later calls change nothing. `fatal` hides the lines
 * whose content also comes back as the error of the failing call.
 */
export function setRuntimeLogLevel(level: typeof RUNTIME_LOG_LEVELS[number]): void {
  ort.env.logLevel = level;
}

/** The version of onnxruntime-node in use, e.g. `"1.30.0"`. */
export function onnxruntimeVersion(): string {
  return ort.env.versions.node ?? ort.env.versions.common;
}

/** A dense tensor crossing the ONNX boundary. */
export interface TensorData {
  readonly data: Float32Array;
  readonly dims: readonly number[];
}

/** Options for {@linkcode OnnxModel.load}. */
export interface LoadOptions {
  /** Execution device. Default `"cpu"`. */
  device?: Device;
  /** Intra-op threads; default lets onnxruntime choose (all cores). */
  threads?: number;
  /** Name shown in error messages; default the path, or `"model"` for bytes. */
  name?: string;
  /**
   * Keep onnxruntime's CPU memory arena. Default `true`; turn it off for sessions whose
   * outputs are large and vary in size (score blocks), so peak memory is returned.
   */
  memoryArena?: boolean;
  /** WebGPU provider settings. Default {@linkcode DEFAULT_WEBGPU_OPTIONS}. */
  webgpu?: WebGpuOptions;
  /** Write onnxruntime's per-node profile to `<prefix>_<time>.json` (see `endProfiling`). */
  profilePrefix?: string;
}

/** How to install the CUDA execution provider, shown when it is missing. */
export const CUDA_INSTALL_HINT =
  "the CUDA execution provider is not installed: run `ONNXRUNTIME_NODE_INSTALL=cuda12 deno install --allow-scripts=npm:onnxruntime-node` " +
  "and make sure the CUDA 12 and cuDNN 9 runtime libraries are on the library path";

/** The execution providers' names in onnxruntime-node, with `onnxruntime`'s own defaults. */
export function _executionProviders(
  device: Device,
  webgpu: WebGpuOptions = DEFAULT_WEBGPU_OPTIONS,
): ort.InferenceSession.SessionOptions["executionProviders"] {
  if (device === "cpu") return ["cpu"];
  if (device === "webgpu") {
    const options: Record<string, string> = {};
    if (webgpu.preferredLayout !== undefined) options.preferredLayout = webgpu.preferredLayout;
    if (webgpu.validationMode !== undefined) options.validationMode = webgpu.validationMode;
    return [{ name: "webgpu", ...options } as ort.InferenceSession.ExecutionProviderConfig];
  }
  return [
    {
      name: "cuda",
      deviceId: Number(device.slice(5)),
    } as ort.InferenceSession.ExecutionProviderConfig,
  ];
}

/** An inference session with its input and output metadata. */
export class OnnxModel {
  #session: ort.InferenceSession;
  readonly name: string;
  readonly device: Device;

  private constructor(session: ort.InferenceSession, name: string, device: Device) {
    this.#session = session;
    this.name = name;
    this.device = device;
  }

  /** Loads a model from a file path or from serialised bytes. */
  static async load(source: string | Uint8Array, options: LoadOptions = {}): Promise<OnnxModel> {
    const device = options.device ?? "cpu";
    const name = options.name ?? (typeof source === "string" ? source : "model");
    const sessionOptions: ort.InferenceSession.SessionOptions = {
      executionProviders: _executionProviders(device, options.webgpu),
      graphOptimizationLevel: "all",
      enableCpuMemArena: options.memoryArena ?? true,
      logSeverityLevel: 3,
    };
    if (options.threads !== undefined) sessionOptions.intraOpNumThreads = options.threads;
    if (options.profilePrefix !== undefined) {
      sessionOptions.enableProfiling = true;
      sessionOptions.profileFilePrefix = options.profilePrefix;
    }
    if (device === "webgpu" && options.webgpu?.graphCapture) {
      // The node binding passes `extra` entries through as session config keys.
      sessionOptions.extra = { ep: { webgpuexecutionprovider: { enableGraphCapture: "1" } } };
    }
    try {
      const session = typeof source === "string"
        ? await ort.InferenceSession.create(source, sessionOptions)
        : await ort.InferenceSession.create(source, sessionOptions);
      return new OnnxModel(session, name, device);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (device.startsWith("cuda") && /cuda|provider|libonnxruntime_providers/i.test(message)) {
        throw new Error(`Cannot run ${name} on ${device}: ${CUDA_INSTALL_HINT} (${message})`);
      }
      if (device === "webgpu") {
        throw new Error(`Cannot run ${name} on webgpu: ${message} (see \`deno task devices\`)`);
      }
      throw new Error(`Cannot load ONNX model ${name}: ${message}`);
    }
  }

  get inputNames(): readonly string[] {
    return this.#session.inputNames;
  }

  get outputNames(): readonly string[] {
    return this.#session.outputNames;
  }

  /** The declared shape of an input; symbolic dimensions are returned as strings. */
  inputShape(name: string): readonly (number | string)[] {
    const index = this.#session.inputNames.indexOf(name);
    const meta = this.#session.inputMetadata[index];
    if (index < 0 || meta === undefined) {
      throw new RangeError(
        `Cannot find input "${name}" in ${this.name}: it has ${this.inputNames.join(", ")}`,
      );
    }
    return meta.isTensor ? meta.shape : [];
  }

  /**
   * Runs the model on float32 inputs and returns the requested float32 outputs. Outputs
   * named in `into` are written into those buffers (their shape must be the output's)
   * instead of fresh memory: a loop over blocks then reuses one buffer, which on these
   * machines halves a large Gemm's time (fresh pages are slow to fault in).
   */
  async run(
    feeds: Record<string, TensorData>,
    outputs: readonly string[] = this.outputNames,
    into: Record<string, TensorData> = {},
  ): Promise<Record<string, TensorData>> {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [key, value] of Object.entries(feeds)) {
      ortFeeds[key] = new ort.Tensor("float32", value.data, value.dims);
    }
    const fetches: Record<string, ort.Tensor | null> = {};
    for (const key of outputs) {
      const buffer = into[key];
      fetches[key] = buffer ? new ort.Tensor("float32", buffer.data, buffer.dims) : null;
    }
    const result = await this.#session.run(ortFeeds, fetches);
    const out: Record<string, TensorData> = {};
    for (const key of outputs) {
      const given = into[key];
      if (given) {
        out[key] = given;
        continue;
      }
      const tensor = result[key];
      if (tensor === undefined) throw new Error(`Cannot find output "${key}" of ${this.name}`);
      out[key] = { data: tensor.data as Float32Array, dims: tensor.dims };
    }
    return out;
  }

  /** Ends profiling (see {@linkcode LoadOptions.profilePrefix}) and writes the profile. */
  endProfiling(): void {
    this.#session.endProfiling();
  }

  /** Frees the native session. */
  async release(): Promise<void> {
    await this.#session.release();
  }
}
