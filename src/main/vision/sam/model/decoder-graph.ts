// sam.decoder: prompt encoder + mask decoder on a precomputed image embedding, N prompts per call.
import type { Graph } from '../../onnx/graph';
import { add } from '../../onnx/ops-elementwise';
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
  const dense = g.scope('mask_embed', () => embedMask(root, config, mask, hasMask));
  const positions = g.scope('positions', () => imagePositions(root, config));
  const { masks, iou } = maskDecoder(root, config.maskDecoder, add(image, dense), positions, sparse);
  g.output('low_res_masks', masks);
  g.output('iou_predictions', iou);
}
