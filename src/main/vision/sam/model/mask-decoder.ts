// SAM's mask decoder as transformers' SamMaskDecoder: output tokens (IoU token, 4 mask tokens) and prompt tokens
// run through the two-way transformer against the image embedding, then the upscaled image features are weighted
// by the hypernetwork MLPs of the mask tokens, and the IoU head scores each mask. Tensors are [N, T, C] with one
// row per prompt (transformers' point_batch dimension; the image batch is 1).
import type { Tensor } from '../../onnx/graph';
import { attention, mergeHeads, splitHeads } from '../../onnx/layers';
import { add, relu } from '../../onnx/ops-elementwise';
import { matmul } from '../../onnx/ops-linalg';
import { gelu, layerNorm } from '../../onnx/ops-nn';
import { concat, expand, reshape, slice, squeeze, transpose, unsqueeze } from '../../onnx/ops-shape';
import type { SamMaskDecoderConfig } from './config';
import { Module } from './ops';

/** nn.LayerNorm's default, used by layer_norm_final_attn (built without the config's eps). */
const TORCH_LAYER_NORM_EPS = 1e-5;
/** SamTwoWayAttentionBlock's default cross-attention downsampling (the config's rate applies to the final one). */
const BLOCK_DOWNSAMPLE = 2;

export interface DecoderOutputs {
  /** [N, M, 4h, 4w] logits of every mask token. */
  masks: Tensor;
  /** [N, M] */
  iou: Tensor;
}

/**
 * image: [1, C, h, w] embedding (+ dense prompt, broadcast to [N, C, h, w]); positions [1, h·w, C]; sparse [N, P, C].
 */
export function maskDecoder(
  root: Module,
  config: SamMaskDecoderConfig,
  image: Tensor,
  positions: Tensor,
  sparse: Tensor,
): DecoderOutputs {
  const g = image.graph;
  const c = config.hiddenSize;
  const m = root.child('mask_decoder');
  const tokensCount = config.numMultimaskOutputs + 1;
  const output = concat([m.get('iou_token.weight', [1, c]), m.get('mask_tokens.weight', [tokensCount, c])], 0);
  const outputTokens = expand(unsqueeze(output, [0]), [{ of: sparse, axis: 0 }, 1 + tokensCount, c]);
  const tokens = concat([outputTokens, sparse], 1);
  const [, , h, w] = image.shape as number[];
  const keys0 = transpose(reshape(image, [0, c, h * w]), [0, 2, 1]);
  const { queries, keys } = g.scope('transformer', () =>
    twoWayTransformer(m.child('transformer'), config, tokens, keys0, positions),
  );
  const iouToken = squeeze(slice(queries, 1, 0, 1), [1]);
  const upscaled = g.scope('upscale', () => upscale(m, c, keys));
  const hyper = g.scope('hypernetworks', () => {
    const rows = [];
    for (let i = 0; i < tokensCount; i++) {
      const token = squeeze(slice(queries, 1, 1 + i, 2 + i), [1]);
      rows.push(unsqueeze(feedForward(m.child(`output_hypernetworks_mlps.${i}`), c, c, c / 8, 3, token), [1]));
    }
    return concat(rows, 1);
  });
  const masks = g.scope('masks', () => {
    // rows (i, j, a1, b1, a2, b2) → pixel (4i + 2·a1 + a2, 4j + 2·b1 + b2)
    const perSubPixel = reshape(matmul(upscaled, transpose(hyper, [0, 2, 1])), [0, h, w, 2, 2, 2, 2, tokensCount]);
    return reshape(transpose(perSubPixel, [0, 7, 1, 3, 5, 2, 4, 6]), [0, tokensCount, 4 * h, 4 * w]);
  });
  const iou = g.scope('iou_head', () =>
    feedForward(m.child('iou_prediction_head'), c, config.iouHeadHiddenDim, tokensCount, config.iouHeadDepth, iouToken),
  );
  return { masks, iou };
}

/**
 * upscale_conv1 → LayerNorm2d → GELU → upscale_conv2 → GELU. Both transposed convolutions have kernel = stride = 2,
 * so each is a per-pixel linear map to 2×2 sub-pixels: a MatMul over channels-last rows, with the sub-pixels kept
 * as extra rows in (pixel, a, b) order. Everything here is per pixel, so the rows are put in image order only once,
 * on the four mask channels. keys [N, h·w, C] → [N, 16·h·w, C/8], rows (i, j, a1, b1, a2, b2).
 */
function upscale(m: Module, c: number, keys: Tensor): Tensor {
  const c4 = c / 4;
  const c8 = c / 8;
  const stage = (name: string, x: Tensor, inC: number, outC: number): Tensor => {
    const u = m.child(name);
    const weight = reshape(transpose(u.get('weight', [inC, outC, 2, 2]), [0, 2, 3, 1]), [inC, 4 * outC]);
    return add(reshape(matmul(x, weight), [0, -1, outC]), u.get('bias', [outC]));
  };
  const up = m.child('upscale_layer_norm');
  const y = gelu(layerNorm(stage('upscale_conv1', keys, c, c4), up.get('weight', [c4]), up.get('bias', [c4]), 1e-6));
  return gelu(stage('upscale_conv2', y, c4, c8));
}

/** SamFeedForward: proj_in, (layers − 2) hidden layers, proj_out, ReLU between. */
function feedForward(m: Module, inF: number, hidden: number, outF: number, layers: number, x: Tensor): Tensor {
  let y = relu(m.linear('proj_in', inF, hidden, x));
  for (let i = 0; i < layers - 2; i++) y = relu(m.linear(`layers.${i}`, hidden, hidden, y));
  return m.linear('proj_out', hidden, outF, y);
}

/** SamAttention with its projections down to hidden / rate. */
function samAttention(m: Module, config: SamMaskDecoderConfig, rate: number, q: Tensor, k: Tensor, v: Tensor): Tensor {
  const c = config.hiddenSize;
  const inner = c / rate;
  const heads = config.numAttentionHeads;
  const qh = splitHeads(m.linear('q_proj', c, inner, q), heads);
  const kh = splitHeads(m.linear('k_proj', c, inner, k), heads);
  const vh = splitHeads(m.linear('v_proj', c, inner, v), heads);
  const context = attention(qh, kh, vh, { scale: (inner / heads) ** -0.5 });
  return m.linear('out_proj', inner, c, mergeHeads(context));
}

function twoWayTransformer(
  m: Module,
  config: SamMaskDecoderConfig,
  tokens: Tensor,
  image: Tensor,
  positions: Tensor,
): { queries: Tensor; keys: Tensor } {
  const g = tokens.graph;
  const c = config.hiddenSize;
  const eps = config.layerNormEps;
  let queries = tokens;
  let keys = image;
  for (let i = 0; i < config.numHiddenLayers; i++) {
    const l = m.child(`layers.${i}`);
    [queries, keys] = g.scope(`layers.${i}`, () => {
      let q = queries;
      let k = keys;
      if (i === 0) {
        q = samAttention(l.child('self_attn'), config, 1, q, q, q);
      } else {
        const withPe = add(q, tokens);
        q = add(q, samAttention(l.child('self_attn'), config, 1, withPe, withPe, q));
      }
      q = l.layerNorm('layer_norm1', c, eps, q);
      const keysPe = add(k, positions);
      q = add(
        q,
        samAttention(l.child('cross_attn_token_to_image'), config, BLOCK_DOWNSAMPLE, add(q, tokens), keysPe, k),
      );
      q = l.layerNorm('layer_norm2', c, eps, q);
      const mlp = l.linear('mlp.lin2', config.mlpDim, c, relu(l.linear('mlp.lin1', c, config.mlpDim, q)));
      q = l.layerNorm('layer_norm3', c, eps, add(q, mlp));
      const queriesPe = add(q, tokens);
      const fromTokens = samAttention(
        l.child('cross_attn_image_to_token'),
        config,
        BLOCK_DOWNSAMPLE,
        add(k, positions),
        queriesPe,
        q,
      );
      k = l.layerNorm('layer_norm4', c, eps, add(k, fromTokens));
      return [q, k];
    });
  }
  const final = g.scope('final_attn', () => {
    const attn = samAttention(
      m.child('final_attn_token_to_image'),
      config,
      config.attentionDownsampleRate,
      add(queries, tokens),
      add(keys, positions),
      keys,
    );
    return m.layerNorm('layer_norm_final_attn', c, TORCH_LAYER_NORM_EPS, add(queries, attn));
  });
  return { queries: final, keys };
}
