export {
  CUDA_INSTALL_HINT,
  type LoadOptions,
  OnnxModel,
  onnxruntimeVersion,
  RUNTIME_LOG_LEVELS,
  setRuntimeLogLevel,
  type TensorData,
} from "./runner.ts";
export {
  DEFAULT_WEBGPU_OPTIONS,
  defaultBatch,
  type Device,
  DEVICE_CHOICES,
  parseDevice,
  type WebGpuOptions,
} from "./device.ts";
export { type AttributeValue, type Dim, GraphBuilder, MICROSOFT_DOMAIN, OPSET } from "./graph.ts";
export {
  type DeviceStatus,
  DeviceUnavailableError,
  formatDiagnosis,
  probeDevice,
  requireDevice,
  vulkanLoader,
  vulkanManifests,
} from "./probe_device.ts";
export { type AdapterInfo, describeMachine, type MachineDescription } from "./describe_machine.ts";
