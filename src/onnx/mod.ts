export {
  CUDA_INSTALL_HINT,
  type Device,
  type LoadOptions,
  OnnxModel,
  onnxruntimeVersion,
  parseDevice,
  type TensorData,
} from "./runner.ts";
export { type AttributeValue, type Dim, GraphBuilder, OPSET } from "./graph.ts";
