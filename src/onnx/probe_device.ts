/**
 * Whether a {@linkcode Device} can run here, and if not, why and what to do. Every task
 * with `--device` calls {@linkcode requireDevice} before any work, and `deno task devices`
 * prints {@linkcode probeDevice} for each device, so both give the same diagnosis.
 */
import { type Device, parseDevice } from "./device.ts";
import { GraphBuilder } from "./graph.ts";
import { CUDA_INSTALL_HINT, OnnxModel } from "./runner.ts";

/** What {@linkcode probeDevice} found. */
export interface DeviceStatus {
  readonly device: Device;
  readonly ok: boolean;
  /** One line: what runs (ok) or why nothing does. */
  readonly detail: string;
  /** What to do about it; absent when ok. */
  readonly fix?: string;
}

/** Thrown by {@linkcode requireDevice}; the message is {@linkcode formatDiagnosis}. */
export class DeviceUnavailableError extends Error {
  readonly status: DeviceStatus;
  constructor(status: DeviceStatus) {
    super(formatDiagnosis(status));
    this.status = status;
  }
}

/** Where the Vulkan loader looks for driver manifests (ICDs) when no variable says. */
const ICD_DIRS = [
  "/etc/vulkan/icd.d",
  "/usr/local/share/vulkan/icd.d",
  "/usr/share/vulkan/icd.d",
];

/** Fix for a missing Vulkan loader or libglvnd. */
export const VULKAN_LOADER_FIX =
  "install the Vulkan loader and libglvnd: `apt-get install libvulkan1 libglvnd0 libglx0 libegl1` " +
  "(Debian/Ubuntu; `dnf install vulkan-loader libglvnd-glx libglvnd-egl` on RHEL), or use --device cpu";

/** Fix for a machine with a loader but no usable driver manifest. */
export const VULKAN_ICD_FIX = "point VK_DRIVER_FILES at the GPU driver's Vulkan manifest, e.g. " +
  "`export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json` in a container " +
  "(`/usr/share/vulkan/icd.d/nvidia_icd.json` on a host), or use --device cpu";

const _cache = new Map<Device, Promise<DeviceStatus>>();

/**
 * Checks a device by creating a one-node session on it (cached per process). On failure
 * for `webgpu`, says which layer is missing: the Vulkan loader (`libvulkan.so.1`), a driver
 * manifest (ICD), or an adapter that Dawn accepts.
 */
export function probeDevice(device: Device | string): Promise<DeviceStatus> {
  const parsed = typeof device === "string" ? parseDevice(device) : device;
  let status = _cache.get(parsed);
  if (status === undefined) {
    status = _probe(parsed);
    _cache.set(parsed, status);
  }
  return status;
}

/**
 * Resolves when `device` can run models here.
 *
 * @throws {DeviceUnavailableError} With the diagnosis and the fix.
 */
export async function requireDevice(device: Device): Promise<void> {
  const status = await probeDevice(device);
  if (!status.ok) throw new DeviceUnavailableError(status);
}

/**
 * The diagnosis as printed by every task: `Cannot use --device D: <why>. Fix: <what>`.
 *
 * @example
 * ```ts
 * import { deepStrictEqual as assertEquals } from "node:assert/strict";
 * assertEquals(
 *   formatDiagnosis({ device: "webgpu", ok: false, detail: "no Vulkan loader", fix: "install it" }),
 *   "Cannot use --device webgpu: no Vulkan loader.\nFix: install it.",
 * );
 * ```
 */
export function formatDiagnosis(status: DeviceStatus): string {
  if (status.ok) return `--device ${status.device}: ${status.detail}`;
  return `Cannot use --device ${status.device}: ${status.detail}.\nFix: ${status.fix}.`;
}

/** The Vulkan driver manifests the loader would read: from the variables, else the folders. */
export function vulkanManifests(
  env: (name: string) => string | undefined = Deno.env.get,
): string[] {
  const listed = env("VK_DRIVER_FILES") ?? env("VK_ICD_FILENAMES");
  if (listed !== undefined && listed !== "") {
    return listed.split(":").filter((file) => _exists(file));
  }
  return ICD_DIRS.flatMap((dir) => {
    try {
      return [...Deno.readDirSync(dir)]
        .filter((e) => e.name.endsWith(".json"))
        .map((e) => `${dir}/${e.name}`)
        .sort();
    } catch {
      return [];
    }
  });
}

/** Whether `libvulkan.so.1` loads; the error text when it does not. */
export function vulkanLoader(): { ok: true } | { ok: false; error: string } {
  try {
    const lib = Deno.dlopen("libvulkan.so.1", {
      vkGetInstanceProcAddr: { parameters: ["pointer", "buffer"], result: "pointer" },
    });
    lib.close();
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

async function _probe(device: Device): Promise<DeviceStatus> {
  if (device === "cpu") {
    return { device, ok: true, detail: `${navigator.hardwareConcurrency} cores` };
  }
  if (device === "webgpu") {
    const loader = vulkanLoader();
    if (!loader.ok) {
      return {
        device,
        ok: false,
        detail: `no Vulkan loader: libvulkan.so.1 cannot be loaded (${loader.error})`,
        fix: VULKAN_LOADER_FIX,
      };
    }
    const manifests = vulkanManifests();
    if (manifests.length === 0) {
      const listed = Deno.env.get("VK_DRIVER_FILES") ?? Deno.env.get("VK_ICD_FILENAMES");
      return {
        device,
        ok: false,
        detail: `no Vulkan ICD: ${
          listed
            ? `none of VK_DRIVER_FILES=${listed} exists`
            : `no manifest in ${ICD_DIRS.join(", ")}`
        }`,
        fix: VULKAN_ICD_FIX,
      };
    }
    const error = await _tryRun(device);
    if (error === null) {
      return { device, ok: true, detail: `Dawn over Vulkan (${manifests.join(", ")})` };
    }
    return {
      device,
      ok: false,
      detail: `no adapter: onnxruntime's WebGPU (Dawn) accepts none of the Vulkan drivers ${
        manifests.map((m) => m.slice(m.lastIndexOf("/") + 1)).join(", ")
      } (${_short(error)}); software drivers such as lavapipe are rejected`,
      fix: VULKAN_ICD_FIX.replace(", or use", " and check that `nvidia-smi` sees the GPU, or use"),
    };
  }
  const error = await _tryRun(device);
  if (error === null) return { device, ok: true, detail: "CUDA execution provider loaded" };
  const missing = /not installed|providers_shared|providers_cuda|Failed to load/i.test(error);
  return {
    device,
    ok: false,
    detail: missing
      ? "the CUDA execution provider is not installed (libonnxruntime_providers_cuda.so is missing)"
      : `the CUDA execution provider failed: ${_short(error)}`,
    fix: CUDA_INSTALL_HINT.replace(/^the CUDA execution provider is not installed: /, "") +
      "; or use --device webgpu, which needs no install",
  };
}

/** Runs a one-node graph on `device`; null when it worked, else the error text. */
async function _tryRun(device: Device): Promise<string | null> {
  const g = new GraphBuilder("probe");
  const x = g.input("x", [1, 4]);
  g.node("Relu", [x], { outputs: ["y"] });
  g.output("y", [1, 4]);
  try {
    const model = await OnnxModel.load(g.toBytes(), { device, name: "probe" });
    try {
      const out = await model.run({ x: { data: new Float32Array([1, -1, 2, -2]), dims: [1, 4] } });
      const y = out.y!.data;
      if (y[0] !== 1 || y[1] !== 0 || y[2] !== 2 || y[3] !== 0) return "wrong result from a Relu";
    } finally {
      await model.release();
    }
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** The useful tail of onnxruntime's error text (drops source paths and lambdas). */
function _short(message: string): string {
  const adapter = /Failed to get a WebGPU adapter[^\n]*/.exec(message);
  if (adapter) return adapter[0].trim();
  const inner = /\(([^()]*)\)\s*$/.exec(message.split("\n")[0]!);
  return (inner?.[1] ?? message.split("\n")[0]!).trim();
}

function _exists(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}
