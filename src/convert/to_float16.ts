/**
 * Converts any float32 ONNX model to half precision with float32 inputs and outputs, so
 * callers see no difference: a Cast after each input and before each output.
 */
import pkg from "onnx-proto";

const { onnx } = pkg;
type NodeProto = InstanceType<typeof onnx.NodeProto>;
type TensorProto = InstanceType<typeof onnx.TensorProto>;

const F32 = 1;
const F16 = 10;
const INT64 = 7;
const BOOL = 9;

/**
 * Ops kept in float32 (casts around them): reductions, roots, divisions, exponentials and
 * normalisations, where half precision overflows (sums of squares above 65,504) or loses the
 * small terms, and `Gemm`, the fully-connected head of a backbone (cheap next to the convs).
 */
export const FLOAT32_OPS: ReadonlySet<string> = new Set([
  "ReduceSumSquare",
  "ReduceL2",
  "ReduceL1",
  "ReduceSum",
  "ReduceMean",
  "ReduceProd",
  "ReduceLogSumExp",
  "Sqrt",
  "Reciprocal",
  "Div",
  "Pow",
  "Exp",
  "Log",
  "Erf",
  "Softmax",
  "LogSoftmax",
  "LpNormalization",
  "LayerNormalization",
  "InstanceNormalization",
  "GroupNormalization",
  "Gemm",
]);

/** Ops that always run in half precision: where the time goes. */
const FLOAT16_OPS: ReadonlySet<string> = new Set([
  "Conv",
  "ConvTranspose",
  "MatMul",
  "BatchNormalization",
]);

/** Ops with no float output whatever their inputs. */
const INT64_OUT = new Set(["Shape", "Size", "NonZero", "ArgMax", "ArgMin"]);
const BOOL_OUT = new Set([
  "Equal",
  "Less",
  "LessOrEqual",
  "Greater",
  "GreaterOrEqual",
  "Not",
  "And",
  "Or",
  "Xor",
  "IsNaN",
  "IsInf",
]);

/** Inputs that the ONNX schema types as float32 whatever the data type. */
const FIXED_FLOAT32_INPUTS: Readonly<Record<string, readonly number[]>> = {
  Resize: [1, 2],
  Upsample: [1],
};

/** What {@linkcode toFloat16} did. */
export interface Float16Result {
  /** The converted model. */
  readonly bytes: Uint8Array;
  /** Nodes run in half precision and kept in float32 (with casts). */
  readonly float16Nodes: number;
  readonly float32Nodes: number;
  /** BatchNormalization nodes whose statistics were folded into scale and bias. */
  readonly foldedBatchNorms: number;
}

/**
 * Converts a float32 ONNX model to float16 inside, float32 at the edges:
 * - every float32 graph input is cast to float16 and every float32 output cast back, so the
 *   input and output names, types and shapes are unchanged;
 * - `Conv`, `MatMul`, `BatchNormalization` run in float16; {@linkcode FLOAT32_OPS} run in
 *   float32; other ops follow their inputs (float32 once all non-constant float inputs are
 *   float32, so the tail of an L2 normalisation stays in float32 up to the output);
 * - a BatchNormalization with constant statistics is rewritten as scale `γ/√(σ²+ε)`, bias
 *   `β − μ·scale`, mean 0, variance 1 (computed in float64), so no small variance or ε has
 *   to survive half precision;
 * - float32 initializers become float16 (round to nearest even) unless a float32 op reads
 *   them.
 *
 * @throws {TypeError} When the model has subgraphs (If, Loop, Scan), or a float16 weight
 * would overflow (|x| > 65,504), naming it.
 */
export function toFloat16(model: Uint8Array, options: { source?: string } = {}): Float16Result {
  const source = options.source ?? "model.onnx";
  const proto = onnx.ModelProto.decode(model);
  const graph = proto.graph;
  if (graph === null || graph === undefined) {
    throw new TypeError(`Cannot convert ${source}: no graph`);
  }
  const nodes = graph.node as NodeProto[];
  const graphInputs = graph.input ?? [];
  const graphOutputs = graph.output ?? [];
  // 1. Element types of every value.
  const types = new Map<string, number>();
  const inits = new Map<string, TensorProto>();
  for (const t of graph.initializer as TensorProto[]) {
    types.set(t.name, t.dataType);
    inits.set(t.name, t);
  }
  for (const v of graphInputs) types.set(v.name!, v.type?.tensorType?.elemType ?? 0);
  for (const node of nodes) {
    if (node.attribute.some((a) => a.g || (a.graphs?.length ?? 0) > 0)) {
      throw new TypeError(`Cannot convert ${source}: node ${node.opType} has a subgraph`);
    }
    for (const [i, out] of node.output.entries()) types.set(out, _outputType(node, i, types));
  }
  const isFloat = (name: string) => name !== "" && types.get(name) === F32;
  const isFloat16Home = new Map<string, boolean>();
  for (const v of graphInputs) if (isFloat(v.name!)) isFloat16Home.set(v.name!, false);

  // 2. Which initializers float32 ops read (those stay float32).
  const readByFloat32 = new Set<string>();
  for (const node of nodes) {
    const fixed = FIXED_FLOAT32_INPUTS[node.opType] ?? [];
    node.input.forEach((name, i) => {
      if (FLOAT32_OPS.has(node.opType) || fixed.includes(i)) readByFloat32.add(name);
    });
  }
  for (const v of graphOutputs) readByFloat32.add(v.name!);
  for (const [name] of inits) if (isFloat(name)) isFloat16Home.set(name, !readByFloat32.has(name));

  // 3. Walk the nodes, choosing each one's precision and casting its inputs.
  const out: NodeProto[] = [];
  const newInits: TensorProto[] = [];
  const converted = new Map<string, string>();
  let counter = 0;
  const as = (name: string, half: boolean): string => {
    if (!isFloat(name) || isFloat16Home.get(name) === half) return name;
    const key = `${name}\u0000${half}`;
    const cached = converted.get(key);
    if (cached !== undefined) return cached;
    const target = `${name}__${half ? "f16" : "f32"}`;
    const init = inits.get(name);
    if (init !== undefined) {
      newInits.push(_retyped(init, target, half, source));
    } else {
      out.push(onnx.NodeProto.create({
        opType: "Cast",
        name: `cast_${++counter}`,
        input: [name],
        output: [target],
        attribute: [{
          name: "to",
          type: onnx.AttributeProto.AttributeType.INT,
          i: half ? F16 : F32,
        }],
      }));
    }
    converted.set(key, target);
    return target;
  };
  let float16Nodes = 0, float32Nodes = 0, foldedBatchNorms = 0;
  for (const node of nodes) {
    const fixed = FIXED_FLOAT32_INPUTS[node.opType] ?? [];
    const floatInputs = node.input.flatMap((n, i) => isFloat(n) && !fixed.includes(i) ? [i] : []);
    let half: boolean;
    if (node.opType === "Cast" || node.opType === "Constant" || floatInputs.length === 0) {
      half = false; // produces its own type; float outputs are float32
    } else if (FLOAT32_OPS.has(node.opType)) half = false;
    else if (FLOAT16_OPS.has(node.opType)) half = true;
    else {
      half = floatInputs.some((i) =>
        !inits.has(node.input[i]!) && isFloat16Home.get(node.input[i]!)
      );
    }
    if (node.opType === "BatchNormalization" && half && _foldBatchNorm(node, inits, newInits)) {
      foldedBatchNorms++;
      for (const name of node.input.slice(1)) isFloat16Home.set(name, true);
    }
    const inputs = node.input.map((n, i) =>
      fixed.includes(i) ? as(n, false) : floatInputs.includes(i) ? as(n, half) : n
    );
    out.push(onnx.NodeProto.create({ ...node, input: inputs }));
    for (const o of node.output) if (isFloat(o)) isFloat16Home.set(o, half);
    if (floatInputs.length > 0) half ? float16Nodes++ : float32Nodes++;
  }
  // 4. Float32 outputs: rename a float16 producer's value and cast it back.
  for (const v of graphOutputs) {
    const name = v.name!;
    if (!isFloat(name) || !isFloat16Home.get(name)) continue;
    const renamed = `${name}__f16`;
    for (const node of out) {
      node.output = node.output.map((o) => o === name ? renamed : o);
      node.input = node.input.map((o) => o === name ? renamed : o);
    }
    out.push(onnx.NodeProto.create({
      opType: "Cast",
      name: `cast_${++counter}`,
      input: [renamed],
      output: [name],
      attribute: [{ name: "to", type: onnx.AttributeProto.AttributeType.INT, i: F32 }],
    }));
  }
  // 5. Initializers to float16 where only float16 ops read them.
  const initializers = (graph.initializer as TensorProto[]).map((t) =>
    isFloat(t.name) && isFloat16Home.get(t.name) ? _retyped(t, t.name, true, source) : t
  );
  graph.initializer = [...initializers, ...newInits];
  graph.node = out;
  graph.valueInfo = [];
  proto.producerName = "caface-harness float16";
  return {
    bytes: onnx.ModelProto.encode(proto).finish(),
    float16Nodes,
    float32Nodes,
    foldedBatchNorms,
  };
}

/** The float32 values of an initializer (raw data or float_data). */
export function _floatValues(t: TensorProto): Float32Array {
  if (t.rawData && t.rawData.length > 0) {
    return new Float32Array(_copy(t.rawData).buffer);
  }
  return Float32Array.from(t.floatData);
}

function _retyped(t: TensorProto, name: string, half: boolean, source: string): TensorProto {
  const values = t.dataType === F16 ? _halfValues(t) : _floatValues(t);
  let raw: Uint8Array;
  if (half) {
    const h = new Float16Array(values);
    for (let i = 0; i < h.length; i++) {
      if (!Number.isFinite(h[i]!) && Number.isFinite(values[i]!)) {
        throw new TypeError(
          `Cannot convert ${source} to float16: initializer ${t.name} holds ${
            values[i]
          }, beyond ±65,504`,
        );
      }
    }
    raw = new Uint8Array(h.buffer);
  } else raw = new Uint8Array(Float32Array.from(values).buffer);
  return onnx.TensorProto.create({ name, dims: t.dims, dataType: half ? F16 : F32, rawData: raw });
}

function _halfValues(t: TensorProto): Float32Array {
  return Float32Array.from(new Float16Array(_copy(t.rawData!).buffer));
}

/** Rewrites a BatchNormalization's constant statistics as scale/bias with mean 0, var 1. */
function _foldBatchNorm(
  node: NodeProto,
  inits: Map<string, TensorProto>,
  newInits: TensorProto[],
): boolean {
  const params = node.input.slice(1, 5).map((n) => inits.get(n));
  if (params.length !== 4 || params.some((p) => p === undefined || p.dataType !== F32)) {
    return false;
  }
  const [gamma, beta, mean, variance] = params.map((p) => _floatValues(p!));
  const eps = node.attribute.find((a) => a.name === "epsilon")?.f ?? 1e-5;
  const n = gamma!.length;
  const scale = new Float32Array(n), bias = new Float32Array(n);
  for (let c = 0; c < n; c++) {
    const s = gamma![c]! / Math.sqrt(variance![c]! + eps);
    scale[c] = s;
    bias[c] = beta![c]! - mean![c]! * s;
  }
  const base = `${node.output[0]}__bn`;
  const arrays = [scale, bias, new Float32Array(n), new Float32Array(n).fill(1)];
  const names = arrays.map((_, i) => `${base}${i}`);
  arrays.forEach((a, i) => {
    const t = onnx.TensorProto.create({
      name: names[i],
      dims: [n],
      dataType: F32,
      rawData: new Uint8Array(a.buffer),
    });
    inits.set(names[i]!, t);
    newInits.push(_retyped(t, names[i]!, true, "batchnorm"));
  });
  node.input = [node.input[0]!, ...names];
  node.attribute = node.attribute.filter((a) => a.name !== "epsilon");
  node.attribute.push(onnx.AttributeProto.create({ name: "epsilon", type: 1, f: 0 }));
  return true;
}

function _outputType(node: NodeProto, index: number, types: Map<string, number>): number {
  const op = node.opType;
  if (op === "Cast") return Number(node.attribute.find((a) => a.name === "to")?.i ?? F32);
  if (op === "Constant") return node.attribute[0]?.t?.dataType ?? F32;
  if (op === "ConstantOfShape") return node.attribute[0]?.t?.dataType ?? F32;
  if (INT64_OUT.has(op) || (op === "TopK" && index === 1)) return INT64;
  if (BOOL_OUT.has(op)) return BOOL;
  if (op === "Where") return types.get(node.input[1]!) ?? F32;
  for (const input of node.input) {
    const t = types.get(input);
    if (t !== undefined) return t;
  }
  return F32;
}

/** An aligned copy (protobufjs may hand out Node Buffers that share one pool). */
function _copy(bytes: Uint8Array): Uint8Array {
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy;
}

/**
 * Reads a float32 ONNX file and writes its {@linkcode toFloat16} conversion, atomically
 * (a temporary file renamed into place). Returns the counts and the size written.
 */
export async function convertOnnxToFloat16(
  input: string,
  output: string,
): Promise<Omit<Float16Result, "bytes"> & { bytes: number }> {
  const model = await Deno.readFile(input).catch((error) => {
    if (error instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(`Cannot convert ${input} as it does not exist`);
    }
    throw error;
  });
  let result: Float16Result;
  try {
    result = toFloat16(model, { source: input });
  } catch (error) {
    if (error instanceof TypeError) throw error;
    throw new TypeError(
      `Cannot convert ${input}: it is not an ONNX model (${(error as Error).message})`,
    );
  }
  const temp = `${output}.partial`;
  await Deno.writeFile(temp, result.bytes);
  await Deno.rename(temp, output);
  return { ...result, bytes: result.bytes.byteLength };
}
