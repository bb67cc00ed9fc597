// The pieces every clip.image* graph shares: the pixel input, patch + class + position embeddings with
// pre_layrnorm (transformers' CLIPVisionModel), and the post_layernorm → visual_projection head.
import type { DType } from '../onnx/dtype';
import type { Graph, Tensor } from '../onnx/graph';
import { add, cast } from '../onnx/ops-elementwise';
import { matmul } from '../onnx/ops-linalg';
import { conv, layerNorm } from '../onnx/ops-nn';
import { concat, expand, reshape, transpose, type DimOf } from '../onnx/ops-shape';
import type { Dim } from '../onnx/shape';
import type { SafetensorsWeights } from '../onnx/weights';
import type { ClipConfig } from './config';
import type { Tower } from './tower';

export interface VisionContext {
  graph: Graph;
  weights: SafetensorsWeights;
  config: ClipConfig;
  dtype: DType;
  /** Input height and width in pixels. */
  size: readonly [number, number];
  /** Position embedding [1 + N, W] for the input's patch grid when it differs from the checkpoint's. */
  positions: Float32Array | null;
}

export function patchGrid(config: ClipConfig, size: readonly [number, number]): [number, number] {
  const p = config.vision.patchSize;
  return [Math.floor(size[0] / p), Math.floor(size[1] / p)];
}

export function visionTower(ctx: VisionContext, scope = 'vision'): Tower {
  return { graph: ctx.graph, weights: ctx.weights, prefix: 'vision_model.', scope, config: ctx.config.vision };
}

export function patchCount(ctx: VisionContext): number {
  const [h, w] = patchGrid(ctx.config, ctx.size);
  return h * w;
}

/** A float32 pixel input [batch, C, H, W], cast to the compute dtype. */
export function pixelInput(ctx: VisionContext, name: string, batch: Dim): Tensor {
  const [h, w] = ctx.size;
  return cast(ctx.graph.input(name, 'float32', [batch, ctx.config.vision.numChannels, h, w]), ctx.dtype);
}

/** [B, C, H, W] → [B, 1 + N, W] tokens after pre_layrnorm. */
export function embed(ctx: VisionContext, pixels: Tensor, scope = 'vision'): Tensor {
  const { graph: g, weights, config } = ctx;
  const v = config.vision;
  const width = v.hiddenSize;
  return g.scope(`${scope}.embeddings`, () => {
    const kernel = weights.get('vision_model.embeddings.patch_embedding.weight', [
      width,
      v.numChannels,
      v.patchSize,
      v.patchSize,
    ]);
    const grid = conv(pixels, kernel, null, { strides: [v.patchSize, v.patchSize] });
    const patches = transpose(reshape(grid, [0, 0, -1]), [0, 2, 1]);
    const cls = reshape(weights.get('vision_model.embeddings.class_embedding', [width]), [1, 1, width]);
    const batch: DimOf = { of: pixels, axis: 0 };
    const tokens = concat([expand(cls, [batch, 1, width]), patches], 1);
    const x = add(tokens, positionEmbedding(ctx));
    return layerNorm(
      x,
      weights.get('vision_model.pre_layrnorm.weight', [width]),
      weights.get('vision_model.pre_layrnorm.bias', [width]),
      v.layerNormEps,
    );
  });
}

function positionEmbedding(ctx: VisionContext): Tensor {
  const v = ctx.config.vision;
  const native = (v.imageSize / v.patchSize) ** 2;
  if (!ctx.positions)
    return ctx.weights.get('vision_model.embeddings.position_embedding.weight', [1 + native, v.hiddenSize]);
  const rows = ctx.positions.length / v.hiddenSize;
  return cast(ctx.graph.constant('float32', [rows, v.hiddenSize], ctx.positions), ctx.dtype);
}

/** post_layernorm then visual_projection on the last axis: [..., W] → [..., P]. */
export function imageHead(ctx: VisionContext, x: Tensor): Tensor {
  const { weights, config } = ctx;
  const width = config.vision.hiddenSize;
  const normed = layerNorm(
    x,
    weights.get('vision_model.post_layernorm.weight', [width]),
    weights.get('vision_model.post_layernorm.bias', [width]),
    config.vision.layerNormEps,
  );
  return matmul(normed, transpose(weights.get('visual_projection.weight', [config.projectionDim, width]), [1, 0]));
}

export function outputFloat32(ctx: VisionContext, name: string, x: Tensor): void {
  ctx.graph.output(name, cast(x, 'float32'));
}
