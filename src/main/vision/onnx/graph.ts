// The graph under construction: inputs, outputs, initialisers and nodes, plus the scope stack that names every node
// after the layer it belongs to ("vision.layers.3.attn"). Ops (ops-*.ts) infer each output's shape as they add
// their node, so a mismatch throws here, while the graph is built, with the scope in the message.
import { float32ToBfloat16, float32ToFloat16 } from '../weights/float16';
import { DTYPE_BYTES, type DType } from './dtype';
import { formatShape, type Shape } from './shape';

export interface Tensor {
  readonly graph: Graph;
  readonly name: string;
  readonly dtype: DType;
  readonly shape: Shape;
}

export type Attr =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'string'; value: string };

export const attr = {
  int: (value: number): Attr => ({ kind: 'int', value }),
  float: (value: number): Attr => ({ kind: 'float', value }),
  ints: (value: readonly number[]): Attr => ({ kind: 'ints', value }),
  floats: (value: readonly number[]): Attr => ({ kind: 'floats', value }),
  string: (value: string): Attr => ({ kind: 'string', value }),
};

export interface GraphNode {
  opType: string;
  domain: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attrs: Record<string, Attr>;
}

export interface ExternalRange {
  /** Path of the data file relative to the directory of the .onnx file. */
  location: string;
  offset: number;
  length: number;
}

export type Initializer =
  | { name: string; dtype: DType; dims: number[]; data: Uint8Array }
  | { name: string; dtype: DType; dims: number[]; external: ExternalRange };

export interface GraphValue {
  name: string;
  dtype: DType;
  shape: Shape;
}

export type ConstantValues = ArrayLike<number> | readonly bigint[] | BigInt64Array;

/** Constants up to this size are shared when identical (reshape targets, axes, scalars). */
const DEDUPE_BYTES = 256;

export class Graph {
  readonly inputs: GraphValue[] = [];
  readonly outputs: GraphValue[] = [];
  readonly initializers: Initializer[] = [];
  readonly nodes: GraphNode[] = [];
  private readonly scopes: string[] = [];
  private readonly usedNames = new Set<string>();
  private readonly constants = new Map<string, Tensor>();
  private counter = 0;

  constructor(readonly name: string) {}

  /** Where the builder is, e.g. "vision.layers.3.attn", for node names and error messages. */
  get scopeName(): string {
    return this.scopes.join('.');
  }

  scope<T>(name: string, build: () => T): T {
    this.scopes.push(name);
    try {
      return build();
    } finally {
      this.scopes.pop();
    }
  }

  /** Throws with the current layer's name, e.g. "vision.layers.3.attn: MatMul: inner dimensions differ …". */
  fail(message: string): never {
    throw new Error(`${this.scopeName || this.name}: ${message}`);
  }

  input(name: string, dtype: DType, shape: Shape): Tensor {
    this.claim(name);
    this.inputs.push({ name, dtype, shape });
    return { graph: this, name, dtype, shape };
  }

  /** Marks a value as a graph output under the given name (through an Identity, so any value can be exposed). */
  output(name: string, value: Tensor): void {
    this.own(value);
    this.claim(name);
    this.nodes.push({
      opType: 'Identity',
      domain: '',
      name: `output.${name}`,
      inputs: [value.name],
      outputs: [name],
      attrs: {},
    });
    this.outputs.push({ name, dtype: value.dtype, shape: value.shape });
  }

  /** An inline initialiser; values are converted to the dtype (rounded to nearest for float16/bfloat16). */
  constant(dtype: DType, shape: readonly number[], values: ConstantValues): Tensor {
    const data = encodeValues(dtype, values);
    const count = shape.reduce((a, b) => a * b, 1);
    if (data.byteLength !== count * DTYPE_BYTES[dtype]) {
      this.fail(`constant of shape ${formatShape(shape)} given ${data.byteLength / DTYPE_BYTES[dtype]} values`);
    }
    const key =
      data.byteLength <= DEDUPE_BYTES ? `${dtype}|${shape.join(',')}|${Buffer.from(data).toString('hex')}` : null;
    const known = key ? this.constants.get(key) : undefined;
    if (known) return known;
    const name = this.freshName('const');
    this.initializers.push({ name, dtype, dims: [...shape], data });
    const tensor: Tensor = { graph: this, name, dtype, shape };
    if (key) this.constants.set(key, tensor);
    return tensor;
  }

  scalar(dtype: DType, value: number): Tensor {
    return this.constant(dtype, [], dtype === 'int64' ? [BigInt(value)] : [value]);
  }

  /** An initialiser whose bytes stay in another file (ONNX external data). */
  external(name: string, dtype: DType, shape: readonly number[], range: ExternalRange): Tensor {
    this.claim(name);
    this.initializers.push({ name, dtype, dims: [...shape], external: range });
    return { graph: this, name, dtype, shape };
  }

  /**
   * Adds one node; `outputs` are the inferred dtype and shape of each output. `null` inputs are omitted optional
   * inputs. Returns the output tensors.
   */
  node(
    opType: string,
    inputs: readonly (Tensor | null)[],
    outputs: readonly { dtype: DType; shape: Shape }[],
    attrs: Record<string, Attr> = {},
    domain = '',
  ): Tensor[] {
    for (const t of inputs) if (t) this.own(t);
    const name = this.freshName(opType);
    const values = outputs.map((o, i) => ({
      graph: this,
      name: outputs.length === 1 ? name : `${name}:${i}`,
      dtype: o.dtype,
      shape: o.shape,
    }));
    this.nodes.push({
      opType,
      domain,
      name,
      inputs: inputs.map((t) => t?.name ?? ''),
      outputs: values.map((v) => v.name),
      attrs,
    });
    return values;
  }

  private own(t: Tensor): void {
    if (t.graph !== this) this.fail(`value '${t.name}' belongs to graph '${t.graph.name}', not '${this.name}'`);
  }

  private claim(name: string): void {
    if (this.usedNames.has(name)) this.fail(`the name '${name}' is already used in the graph`);
    this.usedNames.add(name);
  }

  private freshName(base: string): string {
    const prefix = this.scopeName ? `${this.scopeName}/` : '';
    let name: string;
    do name = `${prefix}${base}_${this.counter++}`;
    while (this.usedNames.has(name));
    this.usedNames.add(name);
    return name;
  }
}

function encodeValues(dtype: DType, values: ConstantValues): Uint8Array {
  const list = Array.from(values as ArrayLike<number | bigint>);
  let array: ArrayBufferView;
  switch (dtype) {
    case 'float32':
      array = Float32Array.from(list, Number);
      break;
    case 'float64':
      array = Float64Array.from(list, Number);
      break;
    case 'int64':
      array = BigInt64Array.from(list, (v) => BigInt(v));
      break;
    case 'int32':
      array = Int32Array.from(list, Number);
      break;
    case 'int8':
      array = Int8Array.from(list, Number);
      break;
    case 'uint8':
    case 'bool':
      array = Uint8Array.from(list, Number);
      break;
    case 'float16':
      array = float32ToFloat16(Float32Array.from(list, Number));
      break;
    case 'bfloat16':
      array = float32ToBfloat16(Float32Array.from(list, Number));
      break;
  }
  return new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
}
