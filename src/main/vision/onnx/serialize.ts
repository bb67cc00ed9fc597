// Encodes a built graph as an ONNX ModelProto with the onnx-proto package (protobufjs).
import onnxProto from 'onnx-proto';
import { ONNX_DTYPE } from './dtype';
import type { Attr, Graph, GraphValue, Initializer } from './graph';

const { onnx } = onnxProto;

/** Opset 17 is the first with LayerNormalization; IR version 8 is what it requires. */
export const OPSET = 17;
const IR_VERSION = 8;

export interface ModelInfo {
  producerName?: string;
  producerVersion?: string;
  docString?: string;
  /** Stored in the model's metadata_props (e.g. the weights hash and builder version the cache keys on). */
  metadata?: Record<string, string>;
}

export function encodeModel(graph: Graph, info: ModelInfo = {}): Uint8Array {
  const domains = new Set(graph.nodes.map((n) => n.domain).filter((d) => d !== ''));
  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    producerName: info.producerName ?? 'reflabel',
    producerVersion: info.producerVersion ?? '',
    docString: info.docString ?? '',
    opsetImport: [{ domain: '', version: OPSET }, ...[...domains].map((domain) => ({ domain, version: 1 }))],
    metadataProps: Object.entries(info.metadata ?? {}).map(([key, value]) => ({ key, value })),
    graph: {
      name: graph.name,
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
      initializer: graph.initializers.map(tensorProto),
      node: graph.nodes.map((n) => ({
        opType: n.opType,
        domain: n.domain,
        name: n.name,
        input: n.inputs,
        output: n.outputs,
        attribute: Object.entries(n.attrs).map(([name, a]) => attribute(name, a)),
      })),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function valueInfo(v: GraphValue): onnxProto.onnx.IValueInfoProto {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: ONNX_DTYPE[v.dtype],
        shape: { dim: v.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function tensorProto(init: Initializer): onnxProto.onnx.ITensorProto {
  const base = { name: init.name, dataType: ONNX_DTYPE[init.dtype], dims: init.dims };
  if ('data' in init) return { ...base, rawData: init.data };
  return {
    ...base,
    dataLocation: onnx.TensorProto.DataLocation.EXTERNAL,
    externalData: [
      { key: 'location', value: init.external.location },
      { key: 'offset', value: String(init.external.offset) },
      { key: 'length', value: String(init.external.length) },
    ],
  };
}

const AttributeType = onnx.AttributeProto.AttributeType;

function attribute(name: string, a: Attr): onnxProto.onnx.IAttributeProto {
  switch (a.kind) {
    case 'int':
      return { name, type: AttributeType.INT, i: a.value };
    case 'float':
      return { name, type: AttributeType.FLOAT, f: a.value };
    case 'ints':
      return { name, type: AttributeType.INTS, ints: [...a.value] };
    case 'floats':
      return { name, type: AttributeType.FLOATS, floats: [...a.value] };
    case 'string':
      return { name, type: AttributeType.STRING, s: new TextEncoder().encode(a.value) };
  }
}
