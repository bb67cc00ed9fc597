// Every tensor of a SamModel checkpoint with the shape its config implies, in transformers' names: what the graphs
// read, and what a random-weight checkpoint for tests and benchmarks must hold.
import type { SamConfig } from './config';
import { SHARED_POSITIONAL_EMBEDDING } from './prompt-encoder';

export function samTensorShapes(config: SamConfig): Map<string, number[]> {
  const shapes = new Map<string, number[]>();
  const { vision: v, promptEncoder: p, maskDecoder: m } = config;
  const linear = (name: string, inF: number, outF: number, bias = true) => {
    shapes.set(`${name}.weight`, [outF, inF]);
    if (bias) shapes.set(`${name}.bias`, [outF]);
  };
  const norm = (name: string, width: number) => {
    shapes.set(`${name}.weight`, [width]);
    shapes.set(`${name}.bias`, [width]);
  };
  const grid = v.imageSize / v.patchSize;
  const hd = v.hiddenSize / v.numAttentionHeads;
  shapes.set(SHARED_POSITIONAL_EMBEDDING, [2, v.numPosFeats]);
  shapes.set('vision_encoder.patch_embed.projection.weight', [v.hiddenSize, v.numChannels, v.patchSize, v.patchSize]);
  shapes.set('vision_encoder.patch_embed.projection.bias', [v.hiddenSize]);
  if (v.useAbsPos) shapes.set('vision_encoder.pos_embed', [1, grid, grid, v.hiddenSize]);
  for (let i = 0; i < v.numHiddenLayers; i++) {
    const l = `vision_encoder.layers.${i}`;
    const side = v.globalAttnIndexes.includes(i) || v.windowSize === 0 ? grid : v.windowSize;
    norm(`${l}.layer_norm1`, v.hiddenSize);
    linear(`${l}.attn.qkv`, v.hiddenSize, 3 * v.hiddenSize, v.qkvBias);
    linear(`${l}.attn.proj`, v.hiddenSize, v.hiddenSize);
    if (v.useRelPos) {
      shapes.set(`${l}.attn.rel_pos_h`, [2 * side - 1, hd]);
      shapes.set(`${l}.attn.rel_pos_w`, [2 * side - 1, hd]);
    }
    norm(`${l}.layer_norm2`, v.hiddenSize);
    linear(`${l}.mlp.lin1`, v.hiddenSize, v.mlpDim);
    linear(`${l}.mlp.lin2`, v.mlpDim, v.hiddenSize);
  }
  shapes.set('vision_encoder.neck.conv1.weight', [v.outputChannels, v.hiddenSize, 1, 1]);
  norm('vision_encoder.neck.layer_norm1', v.outputChannels);
  shapes.set('vision_encoder.neck.conv2.weight', [v.outputChannels, v.outputChannels, 3, 3]);
  norm('vision_encoder.neck.layer_norm2', v.outputChannels);

  const c = p.hiddenSize;
  const q = p.maskInputChannels / 4;
  const me = 'prompt_encoder.mask_embed';
  shapes.set(`${me}.conv1.weight`, [q, 1, 2, 2]);
  shapes.set(`${me}.conv1.bias`, [q]);
  shapes.set(`${me}.conv2.weight`, [p.maskInputChannels, q, 2, 2]);
  shapes.set(`${me}.conv2.bias`, [p.maskInputChannels]);
  shapes.set(`${me}.conv3.weight`, [c, p.maskInputChannels, 1, 1]);
  shapes.set(`${me}.conv3.bias`, [c]);
  norm(`${me}.layer_norm1`, q);
  norm(`${me}.layer_norm2`, p.maskInputChannels);
  shapes.set('prompt_encoder.no_mask_embed.weight', [1, c]);
  for (let k = 0; k < p.numPointEmbeddings; k++) shapes.set(`prompt_encoder.point_embed.${k}.weight`, [1, c]);
  shapes.set('prompt_encoder.not_a_point_embed.weight', [1, c]);

  const d = 'mask_decoder';
  const tokens = m.numMultimaskOutputs + 1;
  shapes.set(`${d}.iou_token.weight`, [1, c]);
  shapes.set(`${d}.mask_tokens.weight`, [tokens, c]);
  const attention = (name: string, rate: number) => {
    linear(`${name}.q_proj`, c, c / rate);
    linear(`${name}.k_proj`, c, c / rate);
    linear(`${name}.v_proj`, c, c / rate);
    linear(`${name}.out_proj`, c / rate, c);
  };
  for (let i = 0; i < m.numHiddenLayers; i++) {
    const l = `${d}.transformer.layers.${i}`;
    attention(`${l}.self_attn`, 1);
    norm(`${l}.layer_norm1`, c);
    attention(`${l}.cross_attn_token_to_image`, 2);
    norm(`${l}.layer_norm2`, c);
    linear(`${l}.mlp.lin1`, c, m.mlpDim);
    linear(`${l}.mlp.lin2`, m.mlpDim, c);
    norm(`${l}.layer_norm3`, c);
    norm(`${l}.layer_norm4`, c);
    attention(`${l}.cross_attn_image_to_token`, 2);
  }
  attention(`${d}.transformer.final_attn_token_to_image`, m.attentionDownsampleRate);
  norm(`${d}.transformer.layer_norm_final_attn`, c);
  shapes.set(`${d}.upscale_conv1.weight`, [c, c / 4, 2, 2]);
  shapes.set(`${d}.upscale_conv1.bias`, [c / 4]);
  shapes.set(`${d}.upscale_conv2.weight`, [c / 4, c / 8, 2, 2]);
  shapes.set(`${d}.upscale_conv2.bias`, [c / 8]);
  norm(`${d}.upscale_layer_norm`, c / 4);
  const feedForward = (name: string, inF: number, hidden: number, outF: number, layers: number) => {
    linear(`${name}.proj_in`, inF, hidden);
    for (let j = 0; j < layers - 2; j++) linear(`${name}.layers.${j}`, hidden, hidden);
    linear(`${name}.proj_out`, hidden, outF);
  };
  for (let i = 0; i < tokens; i++) feedForward(`${d}.output_hypernetworks_mlps.${i}`, c, c, c / 8, 3);
  feedForward(`${d}.iou_prediction_head`, c, m.iouHeadHiddenDim, tokens, m.iouHeadDepth);
  return shapes;
}
