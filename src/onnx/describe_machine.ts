/**
 * What this machine can run, for `deno task devices`: CPU cores, the WebGPU adapter (name,
 * vendor, limits) or the reason there is none, and whether the CUDA provider loads.
 */
import { type DeviceStatus, probeDevice } from "./probe_device.ts";

/** The GPU adapter as the Vulkan driver describes it (through Deno's own WebGPU). */
export interface AdapterInfo {
  readonly description: string;
  readonly vendor: string;
  readonly architecture: string;
  readonly software: boolean;
  readonly limits: Readonly<Record<string, number>>;
}

/** What {@linkcode describeMachine} returns. */
export interface MachineDescription {
  readonly cpu: { readonly cores: number; readonly model: string };
  readonly webgpu: DeviceStatus & { readonly adapter: AdapterInfo | null };
  readonly cuda: DeviceStatus;
}

/** The limits worth printing. */
const LIMITS = [
  "maxBufferSize",
  "maxStorageBufferBindingSize",
  "maxComputeWorkgroupStorageSize",
  "maxComputeInvocationsPerWorkgroup",
  "maxStorageBuffersPerShaderStage",
] as const;

/** Probes the CPU, WebGPU and CUDA (device 0). */
export async function describeMachine(): Promise<MachineDescription> {
  const webgpu = await probeDevice("webgpu");
  const cuda = await probeDevice("cuda:0");
  return {
    cpu: { cores: navigator.hardwareConcurrency, model: await _cpuModel() },
    webgpu: { ...webgpu, adapter: await _adapter() },
    cuda,
  };
}

async function _cpuModel(): Promise<string> {
  try {
    const text = await Deno.readTextFile("/proc/cpuinfo");
    return /^model name\s*:\s*(.*)$/m.exec(text)?.[1]?.trim() ?? "unknown";
  } catch {
    return "unknown";
  }
}

/** Deno's WebGPU adapter (wgpu, also over Vulkan), or null; gives up after 5 s. */
async function _adapter(): Promise<AdapterInfo | null> {
  const gpu = (navigator as { gpu?: GPU }).gpu;
  if (gpu === undefined) return null;
  try {
    const adapter = await Promise.race([
      gpu.requestAdapter({ powerPreference: "high-performance" }),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000)),
    ]);
    if (adapter === null) return null;
    const info = adapter.info;
    const limits: Record<string, number> = {};
    for (const key of LIMITS) limits[key] = adapter.limits[key];
    return {
      description: info.description,
      vendor: info.vendor,
      architecture: info.architecture,
      software: (info as { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false,
      limits,
    };
  } catch {
    return null;
  }
}
