// The graph builder's public surface: build a Graph with these ops, then encodeModel() it.
export { Graph, attr, type Tensor, type Attr } from './graph';
export { type DType, lowestFinite } from './dtype';
export { type Dim, type Shape, formatShape } from './shape';
export * from './ops-elementwise';
export * from './ops-shape';
export * from './ops-reduce';
export * from './ops-linalg';
export * from './ops-nn';
export * from './layers';
export { encodeModel, OPSET, type ModelInfo } from './serialize';
export { SafetensorsWeights, externalLocation } from './weights';
