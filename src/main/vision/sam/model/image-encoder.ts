// sam.encoder: SAM's ViT image encoder (transformers' SamVisionEncoder) — patch embedding, absolute positions,
// pre-norm layers with windowed or global attention and decomposed relative positions, and the convolutional neck.
import type { Graph, Tensor } from '../../onnx/graph';
import { attention } from '../../onnx/layers';
import { add } from '../../onnx/ops-elementwise';
import { matmul } from '../../onnx/ops-linalg';
import { conv, gelu, resize } from '../../onnx/ops-nn';
import { gather, reshape, slice, split, squeeze, transpose, unsqueeze } from '../../onnx/ops-shape';
import type { SafetensorsWeights } from '../../onnx/weights';
import type { SamVisionConfig } from './config';
import { Module, padEnd } from './ops';

export interface EncoderContext {
  graph: Graph;
  weights: SafetensorsWeights;
  config: SamVisionConfig;
}

export const ENCODER_INPUT = 'pixel_values';
export const ENCODER_OUTPUT = 'image_embeddings';

export function buildEncoderGraph(ctx: EncoderContext): void {
  const { graph: g, config: c } = ctx;
  const root = new Module(ctx.weights, 'vision_encoder');
  const pixels = g.input(ENCODER_INPUT, 'float32', [1, c.numChannels, c.imageSize, c.imageSize]);
  const grid = c.imageSize / c.patchSize;
  let x = g.scope('patch_embed', () => {
    const p = root.child('patch_embed.projection');
    const w = p.get('weight', [c.hiddenSize, c.numChannels, c.patchSize, c.patchSize]);
    const y = conv(pixels, w, p.get('bias', [c.hiddenSize]), { strides: [c.patchSize, c.patchSize] });
    const tokens = transpose(y, [0, 2, 3, 1]);
    return c.useAbsPos ? add(tokens, root.get('pos_embed', [1, grid, grid, c.hiddenSize])) : tokens;
  });
  for (let i = 0; i < c.numHiddenLayers; i++) {
    const window = c.globalAttnIndexes.includes(i) ? 0 : c.windowSize;
    const input = x;
    x = g.scope(`layers.${i}`, () => visionLayer(ctx, root.child(`layers.${i}`), input, window));
  }
  const out = g.scope('neck', () => neck(ctx, root.child('neck'), x));
  g.output(ENCODER_OUTPUT, out);
}

/** [1, G, G, D] → [1, G, G, D] */
function visionLayer(ctx: EncoderContext, m: Module, x: Tensor, window: number): Tensor {
  const { hiddenSize: d, layerNormEps: eps, mlpDim } = ctx.config;
  const grid = x.shape[1] as number;
  let h = m.layerNorm('layer_norm1', d, eps, x);
  if (window > 0) {
    const padded = Math.ceil(grid / window) * window;
    const n = padded / window;
    h = padEnd(h, [0, padded - grid, padded - grid, 0]);
    h = reshape(transpose(reshape(h, [1, n, window, n, window, d]), [0, 1, 3, 2, 4, 5]), [n * n, window, window, d]);
    h = ctx.graph.scope('attn', () => visionAttention(ctx, m.child('attn'), h));
    h = reshape(transpose(reshape(h, [1, n, n, window, window, d]), [0, 1, 3, 2, 4, 5]), [1, padded, padded, d]);
    h = slice(slice(h, 1, 0, grid), 2, 0, grid);
  } else {
    h = ctx.graph.scope('attn', () => visionAttention(ctx, m.child('attn'), h));
  }
  const y = add(x, h);
  return ctx.graph.scope('mlp', () => {
    const up = gelu(m.linear('mlp.lin1', d, mlpDim, m.layerNorm('layer_norm2', d, eps, y)));
    return add(y, m.linear('mlp.lin2', mlpDim, d, up));
  });
}

/** SamVisionAttention on [B, S, S, D] windows (or the whole grid), with decomposed relative positions. */
function visionAttention(ctx: EncoderContext, m: Module, x: Tensor): Tensor {
  const { hiddenSize: d, numAttentionHeads: heads, qkvBias } = ctx.config;
  const [b, s] = x.shape as number[];
  const hd = d / heads;
  const t = s * s;
  const qkv = reshape(m.linear('qkv', d, 3 * d, x, qkvBias), [b, t, 3, heads, hd]);
  const [q, k, v] = split(transpose(qkv, [2, 0, 3, 1, 4]), [1, 1, 1], 0).map((p) => squeeze(p, [0]));
  const bias = ctx.config.useRelPos ? relativePositionBias(ctx, m, q, s) : undefined;
  const context = attention(q, k, v, { scale: hd ** -0.5, bias });
  const merged = reshape(transpose(reshape(context, [b, heads, s, s, hd]), [0, 2, 3, 1, 4]), [b, s, s, d]);
  return m.linear('proj', d, d, merged);
}

/**
 * get_decomposed_rel_pos: rel_h[b, y, x, ky] = q[b, y, x]·Rh[y, ky] and rel_w likewise along x, summed into a
 * [B, H, S·S, S·S] bias. q is [B, H, S·S, hd], unscaled (as transformers).
 */
function relativePositionBias(ctx: EncoderContext, m: Module, q: Tensor, s: number): Tensor {
  const [b, heads, , hd] = q.shape as number[];
  const bh = b * heads;
  const rh = relativeTable(ctx, m, 'rel_pos_h', s, hd);
  const rw = relativeTable(ctx, m, 'rel_pos_w', s, hd);
  const q4 = reshape(q, [bh, s, s, hd]);
  // rel_h: batch over the query row y: [S_y, BH·S_x, hd] × [S_y, hd, S_ky]
  const qy = reshape(transpose(q4, [1, 0, 2, 3]), [s, bh * s, hd]);
  const relH = transpose(reshape(matmul(qy, transpose(rh, [0, 2, 1])), [s, bh, s, s]), [1, 0, 2, 3]);
  // rel_w: batch over the query column x: [S_x, BH·S_y, hd] × [S_x, hd, S_kx]
  const qx = reshape(transpose(q4, [2, 0, 1, 3]), [s, bh * s, hd]);
  const relW = transpose(reshape(matmul(qx, transpose(rw, [0, 2, 1])), [s, bh, s, s]), [1, 2, 0, 3]);
  const sum = add(unsqueeze(relH, [4]), unsqueeze(relW, [3]));
  return reshape(sum, [b, heads, s * s, s * s]);
}

/**
 * get_rel_pos for equal query and key sizes: R[i, j] = rel_pos[i − j + S − 1], [S, S, hd]. A table of another
 * length is first resized linearly to 2S − 1 entries, as transformers' F.interpolate(mode='linear').
 */
function relativeTable(ctx: EncoderContext, m: Module, name: string, s: number, hd: number): Tensor {
  const g = ctx.graph;
  const full = `${m.prefix}.${name}`;
  const stored = ctx.weights.header.tensors.get(full);
  const length = stored?.shape.length === 2 ? stored.shape[0] : 2 * s - 1;
  let table = m.get(name, [length, hd]);
  const wanted = 2 * s - 1;
  if (length !== wanted) {
    const channels = reshape(transpose(table, [1, 0]), [1, hd, 1, length]);
    const resized = resize(channels, { sizes: [1, hd, 1, wanted], mode: 'linear' });
    table = transpose(reshape(resized, [hd, wanted]), [1, 0]);
  }
  const index: bigint[] = [];
  for (let i = 0; i < s; i++) for (let j = 0; j < s; j++) index.push(BigInt(i - j + s - 1));
  return gather(table, g.constant('int64', [s, s], index), 0);
}

/** [1, G, G, D] → [1, C, G, G]: conv 1×1 → LayerNorm2d → conv 3×3 → LayerNorm2d, no biases. */
function neck(ctx: EncoderContext, m: Module, x: Tensor): Tensor {
  const { hiddenSize: d, outputChannels: c } = ctx.config;
  const eps = 1e-6;
  let y = conv(transpose(x, [0, 3, 1, 2]), m.get('conv1.weight', [c, d, 1, 1]), null);
  y = m.layerNorm2d('layer_norm1', c, eps, y);
  y = conv(y, m.get('conv2.weight', [c, c, 3, 3]), null, { pads: [1, 1, 1, 1] });
  return m.layerNorm2d('layer_norm2', c, eps, y);
}
