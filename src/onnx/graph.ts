/**
 * A small builder for ONNX graphs on top of `npm:onnx-proto`, so models can be written in
 * TypeScript and loaded straight into onnxruntime (no temporary file).
 */
import pkg from "onnx-proto";

const { onnx } = pkg;

/** The opset all generated graphs target. */
export const OPSET = 17;

/**
 * onnxruntime's contrib-op domain and the version graphs import it at (the CAFace cluster
 * graph's `MultiHeadAttention` and `Gelu`).
 */
export const MICROSOFT_DOMAIN = { domain: "com.microsoft", version: 1 } as const;

/** One dimension of a graph input or output: a size or a symbolic name. */
export type Dim = number | string;

/** Attribute values the builder understands. */
export type AttributeValue = number | string | readonly number[] | { float: number } | {
  floats: readonly number[];
};

/** Builds a graph node by node; names are generated unless given. */
export class GraphBuilder {
  #nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  #initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  #inputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  #outputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  #counter = 0;
  #usesMicrosoft = false;
  readonly name: string;

  constructor(name: string) {
    this.name = name;
  }

  /** A fresh unique value name with the given prefix. */
  fresh(prefix = "v"): string {
    this.#counter += 1;
    return `${prefix}_${this.#counter}`;
  }

  /** Declares a float32 graph input. */
  input(name: string, dims: readonly Dim[]): string {
    this.#inputs.push(valueInfo(name, dims));
    return name;
  }

  /** Declares a float32 graph output (the value must be produced by some node). */
  output(name: string, dims: readonly Dim[]): string {
    this.#outputs.push(valueInfo(name, dims));
    return name;
  }

  /** Adds a float32 constant tensor. */
  float(name: string, data: Float32Array | readonly number[], dims: readonly number[]): string {
    const values = data instanceof Float32Array ? data : Float32Array.from(data);
    const expected = dims.reduce((a, b) => a * b, 1);
    if (values.length !== expected) {
      throw new TypeError(
        `Cannot add initializer ${name} with ${values.length} values: expected ${expected} for shape [${dims}]`,
      );
    }
    this.#initializers.push(
      onnx.TensorProto.create({
        name,
        dims: [...dims],
        dataType: onnx.TensorProto.DataType.FLOAT,
        rawData: new Uint8Array(
          values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength),
        ),
      }),
    );
    return name;
  }

  /** Adds an int64 constant tensor (shapes, axes, indices). */
  int64(name: string, data: readonly number[], dims: readonly number[] = [data.length]): string {
    const values = BigInt64Array.from(data.map((x) => BigInt(x)));
    this.#initializers.push(
      onnx.TensorProto.create({
        name,
        dims: [...dims],
        dataType: onnx.TensorProto.DataType.INT64,
        rawData: new Uint8Array(values.buffer),
      }),
    );
    return name;
  }

  /**
   * Adds a node. Returns its output names; with one output, `outputs[0]` is the value.
   * `outputs` may be a count (names are generated) or explicit names; `domain` names an operator
   * set other than the default one (only {@linkcode MICROSOFT_DOMAIN}'s is known).
   */
  node(
    op: string,
    inputs: readonly string[],
    options: {
      outputs?: number | readonly string[];
      attrs?: Record<string, AttributeValue>;
      domain?: typeof MICROSOFT_DOMAIN.domain;
    } = {},
  ): string[] {
    const spec = options.outputs ?? 1;
    const outputs = typeof spec === "number"
      ? Array.from({ length: spec }, () => this.fresh(op.toLowerCase()))
      : [...spec];
    const attribute = Object.entries(options.attrs ?? {}).map(([key, value]) => attr(key, value));
    const domain = options.domain ?? "";
    if (domain !== "") this.#usesMicrosoft = true;
    this.#nodes.push(
      onnx.NodeProto.create({ opType: op, domain, input: [...inputs], output: outputs, attribute }),
    );
    return outputs;
  }

  /** Adds a single-output node and returns its output name. */
  op(op: string, inputs: readonly string[], attrs?: Record<string, AttributeValue>): string {
    return this.node(op, inputs, { attrs })[0]!;
  }

  /**
   * Serialises the model (IR version 8, opset {@linkcode OPSET}, plus
   * {@linkcode MICROSOFT_DOMAIN} when a node uses it).
   */
  toBytes(options: { docString?: string } = {}): Uint8Array {
    const graph = onnx.GraphProto.create({
      name: this.name,
      node: this.#nodes,
      initializer: this.#initializers,
      input: this.#inputs,
      output: this.#outputs,
    });
    const model = onnx.ModelProto.create({
      irVersion: 8,
      producerName: "caface-harness",
      opsetImport: [
        { domain: "", version: OPSET },
        ...(this.#usesMicrosoft ? [{ ...MICROSOFT_DOMAIN }] : []),
      ],
      graph,
      docString: options.docString ?? "",
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

function valueInfo(name: string, dims: readonly Dim[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: onnx.TensorProto.DataType.FLOAT,
        shape: {
          dim: dims.map((d) => typeof d === "number" ? { dimValue: d } : { dimParam: d }),
        },
      },
    },
  });
}

function attr(name: string, value: AttributeValue) {
  const { AttributeType } = onnx.AttributeProto;
  if (typeof value === "number") {
    return onnx.AttributeProto.create({ name, type: AttributeType.INT, i: value });
  }
  if (typeof value === "string") {
    return onnx.AttributeProto.create({
      name,
      type: AttributeType.STRING,
      s: new TextEncoder().encode(value),
    });
  }
  if ("float" in value) {
    return onnx.AttributeProto.create({ name, type: AttributeType.FLOAT, f: value.float });
  }
  if ("floats" in value) {
    return onnx.AttributeProto.create({
      name,
      type: AttributeType.FLOATS,
      floats: [...value.floats],
    });
  }
  return onnx.AttributeProto.create({ name, type: AttributeType.INTS, ints: [...value] });
}
