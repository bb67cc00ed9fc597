// Building blocks shared by the transformer families: a PyTorch-layout linear layer and multi-head attention built
// from MatMul and Softmax (so taps, masks and attention variants stay plain graph edits).
import type { Tensor } from './graph';
import { add, mul } from './ops-elementwise';
import { matmul } from './ops-linalg';
import { softmax } from './ops-reduce';
import { reshape, transpose } from './ops-shape';
import { formatShape } from './shape';

/** x·Wᵀ + b with W in PyTorch's [out, in] layout (onnxruntime folds the transpose into the initialiser). */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
  if (weight.shape.length !== 2) x.graph.fail(`linear: weight must be 2-D, got ${formatShape(weight.shape)}`);
  const y = matmul(x, transpose(weight, [1, 0]));
  return bias ? add(y, bias) : y;
}

/** [B, T, H·D] → [B, H, T, D] */
export function splitHeads(x: Tensor, heads: number): Tensor {
  const width = x.shape[2];
  if (x.shape.length !== 3 || typeof width !== 'number' || width % heads !== 0) {
    return x.graph.fail(`splitHeads: ${formatShape(x.shape)} does not split into ${heads} heads`);
  }
  return transpose(reshape(x, [0, 0, heads, width / heads]), [0, 2, 1, 3]);
}

/** [B, H, T, D] → [B, T, H·D] */
export function mergeHeads(x: Tensor): Tensor {
  const [, h, , d] = x.shape;
  if (x.shape.length !== 4 || typeof h !== 'number' || typeof d !== 'number') {
    return x.graph.fail(`mergeHeads: expected [B, H, T, D] with static H and D, got ${formatShape(x.shape)}`);
  }
  return reshape(transpose(x, [0, 2, 1, 3]), [0, 0, h * d]);
}

export interface AttentionOptions {
  /** Multiplies the scores (CLIP: head_dim^-0.5). */
  scale: number;
  /** Added to the scores before the softmax; broadcast to [B, H, Tq, Tk]. */
  bias?: Tensor;
}

/** softmax(q·kᵀ·scale + bias)·v on [B, H, T, D] tensors. */
export function attention(q: Tensor, k: Tensor, v: Tensor, options: AttentionOptions): Tensor {
  return matmul(attentionWeights(q, k, options), v);
}

/** The attention probabilities softmax(q·kᵀ·scale + bias), [B, H, Tq, Tk]. */
export function attentionWeights(q: Tensor, k: Tensor, options: AttentionOptions): Tensor {
  const scores = matmul(mul(q, options.scale), transpose(k, [0, 1, 3, 2]));
  return softmax(options.bias ? add(scores, options.bias) : scores, -1);
}
