// SAM's prompt encoder as transformers' SamPromptEncoder computes it: random-Fourier positional encodings of the
// points (shifted to pixel centres, normalised by the input frame), a learned embedding per label, and the dense
// embedding of a previous mask (or the learned "no mask" embedding).
import type { Tensor } from '../../onnx/graph';
import { add, equal, mul, sub, where } from '../../onnx/ops-elementwise';
import { matmul } from '../../onnx/ops-linalg';
import { conv, gelu } from '../../onnx/ops-nn';
import { concat, reshape, unsqueeze } from '../../onnx/ops-shape';
import type { SamConfig } from './config';
import { cos, Module, sin } from './ops';

export const SHARED_POSITIONAL_EMBEDDING = 'shared_image_embedding.positional_embedding';

/** SamPositionalEmbedding: coords in [0, 1] (…, 2) → [sin, cos](2π·(2c − 1)·G), (…, 2F). */
export function fourierFeatures(coords: Tensor, gaussian: Tensor): Tensor {
  const projected = mul(matmul(sub(mul(coords, 2), 1), gaussian), 2 * Math.PI);
  return concat([sin(projected), cos(projected)], -1);
}

export function gaussianMatrix(root: Module, config: SamConfig): Tensor {
  return root.weights.get(SHARED_POSITIONAL_EMBEDDING, [2, config.vision.numPosFeats]);
}

/**
 * Sparse embeddings [N, P, C] of points [N, P, 2] in frame pixels with labels [N, P]: −1 is "not a point" (padding),
 * 0/1 background/foreground, 2/3 the top-left/bottom-right box corners. Callers append the not-a-point padding
 * transformers adds when there is no box.
 */
export function embedPoints(root: Module, config: SamConfig, coords: Tensor, labels: Tensor): Tensor {
  const c = config.promptEncoder.hiddenSize;
  const pe = root.child('prompt_encoder');
  const normalised = mul(add(coords, 0.5), 1 / config.promptEncoder.imageSize);
  const features = fourierFeatures(normalised, gaussianMatrix(root, config));
  const label = unsqueeze(labels, [2]);
  let out = where(equal(label, -1), pe.get('not_a_point_embed.weight', [1, c]), features);
  for (let k = 0; k < config.promptEncoder.numPointEmbeddings; k++) {
    out = add(out, where(equal(label, k), pe.get(`point_embed.${k}.weight`, [1, c]), 0));
  }
  return out;
}

/** Dense embeddings [N, C, h, w]: the mask embedding of mask_input where has_mask_input is 1, else no_mask_embed. */
export function embedMask(root: Module, config: SamConfig, mask: Tensor, hasMask: Tensor): Tensor {
  const { hiddenSize: c, maskInputChannels: mc, layerNormEps: eps } = config.promptEncoder;
  const m = root.child('prompt_encoder.mask_embed');
  const q = mc / 4;
  let y = conv(mask, m.get('conv1.weight', [q, 1, 2, 2]), m.get('conv1.bias', [q]), { strides: [2, 2] });
  y = gelu(m.layerNorm2d('layer_norm1', q, eps, y));
  y = conv(y, m.get('conv2.weight', [mc, q, 2, 2]), m.get('conv2.bias', [mc]), { strides: [2, 2] });
  y = gelu(m.layerNorm2d('layer_norm2', mc, eps, y));
  y = conv(y, m.get('conv3.weight', [c, mc, 1, 1]), m.get('conv3.bias', [c]));
  const noMask = reshape(root.get('prompt_encoder.no_mask_embed.weight', [1, c]), [1, c, 1, 1]);
  const has = reshape(hasMask, [1, 1, 1, 1]);
  return add(mul(y, has), mul(noMask, sub(1, has)));
}

/** The positional encoding of every embedding cell centre, [1, h·w, C] (get_image_wide_positional_embeddings). */
export function imagePositions(root: Module, config: SamConfig): Tensor {
  const size = config.promptEncoder.imageEmbeddingSize;
  const grid = new Float32Array(size * size * 2);
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < size; j++) {
      grid[(i * size + j) * 2] = (j + 0.5) / size;
      grid[(i * size + j) * 2 + 1] = (i + 0.5) / size;
    }
  }
  const gaussian = gaussianMatrix(root, config);
  return fourierFeatures(gaussian.graph.constant('float32', [1, size * size, 2], grid), gaussian);
}
