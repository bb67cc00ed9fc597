// sam.decoder: prompt encoder + mask decoder on a precomputed image embedding, N prompts per call.
import type { Graph, Tensor } from '../../onnx/graph';
import { add, cast, mul } from '../../onnx/ops-elementwise';
import type { SafetensorsWeights } from '../../onnx/weights';
import type { SamConfig } from './config';
import { maskDecoder } from './mask-decoder';
import { Module } from './ops';
import { embedMask, embedPoints, imagePositions } from './prompt-encoder';

export const DECODER_INPUTS = ['image_embeddings', 'point_coords', 'point_labels', 'mask_input', 'has_mask_input'];
export const DECODER_OUTPUTS = ['low_res_masks', 'iou_predictions'];

export interface DecoderContext {
  graph: Graph;
  weights: SafetensorsWeights;
  config: SamConfig;
}

export function buildDecoderGraph(ctx: DecoderContext): void {
  const { graph: g, config } = ctx;
  const c = config.maskDecoder.hiddenSize;
  const size = config.promptEncoder.imageEmbeddingSize;
  const root = new Module(ctx.weights, '');
  const image = g.input('image_embeddings', 'float32', [1, c, size, size]);
  const coords = g.input('point_coords', 'float32', ['N', 'P', 2]);
  const labels = g.input('point_labels', 'float32', ['N', 'P']);
  const mask = g.input('mask_input', 'float32', ['N', 1, 4 * size, 4 * size]);
  const hasMask = g.input('has_mask_input', 'float32', [1]);
  const sparse = g.scope('prompt_encoder', () => embedPoints(root, config, coords, labels));
  const dense = g.scope('mask_embed', () => embedMask(root, config, maskRowsInUse(mask, hasMask), hasMask));
  const positions = g.scope('positions', () => imagePositions(root, config));
  const { masks, iou } = maskDecoder(root, config.maskDecoder, add(image, dense), positions, sparse);
  g.output('low_res_masks', masks);
  g.output('iou_predictions', iou);
}

/**
 * mask_input, or only its first row when has_mask_input is 0: the dense embedding is then the no-mask embedding
 * for every prompt, and computing it (and everything the decoder derives from the image alone) once instead of per
 * prompt is most of what makes large prompt batches fast. mask_input may also be given with a batch of 1.
 */
function maskRowsInUse(mask: Tensor, hasMask: Tensor): Tensor {
  const g = mask.graph;
  // 1 row, or 2^30 which Slice clamps to the batch
  const rows = cast(add(mul(hasMask, 2 ** 30), 1), 'int64');
  const zero = g.constant('int64', [1], [0n]);
  return g.node('Slice', [mask, zero, rows, zero], [{ dtype: mask.dtype, shape: mask.shape }])[0];
}
