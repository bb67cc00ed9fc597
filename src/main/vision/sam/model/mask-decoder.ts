// SAM's mask decoder as transformers' SamMaskDecoder: output tokens (IoU token, 4 mask tokens) and prompt tokens
// run through the two-way transformer against the image embedding, then the upscaled image features are weighted
// by the hypernetwork MLPs of the mask tokens, and the IoU head scores each mask. Tensors are [N, T, C] with one
// row per prompt (transformers' point_batch dimension; the image batch is 1). The image side enters with a batch of
// 1 unless a mask prompt is given, and stays so until the first block mixes the prompts into it: the products are
// arranged so that what depends on the image alone is computed once, and so that no [N, h·w, C/rate] projection of
// the image is ever made (at N = 64 those tensors, not the arithmetic, were most of the decoder's time).
import type { Tensor } from '../../onnx/graph';
import { attention, mergeHeads, splitHeads } from '../../onnx/layers';
import { add, mul, relu } from '../../onnx/ops-elementwise';
import { matmul } from '../../onnx/ops-linalg';
import { gelu, layerNorm } from '../../onnx/ops-nn';
import { reduceSum, softmax } from '../../onnx/ops-reduce';
import { concat, expand, reshape, slice, squeeze, transpose, unsqueeze } from '../../onnx/ops-shape';
import type { SamMaskDecoderConfig } from './config';
import { Module, stackedProduct } from './ops';

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
 * image: [1, C, h, w] embedding + dense prompt, [N, C, h, w] or (no mask prompt) [1, C, h, w] at run time;
 * positions [1, h·w, C]; sparse [N, P, C].
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
  const hyper = g.scope('hypernetworks', () => {
    const rows = [];
    for (let i = 0; i < tokensCount; i++) {
      const token = squeeze(slice(queries, 1, 1 + i, 2 + i), [1]);
      rows.push(unsqueeze(feedForward(m.child(`output_hypernetworks_mlps.${i}`), c, c, c / 8, 3, token), [1]));
    }
    return concat(rows, 1);
  });
  const masks = g.scope('masks', () => upscaledMasks(m, c, keys, hyper, h, w));
  const iou = g.scope('iou_head', () =>
    feedForward(m.child('iou_prediction_head'), c, config.iouHeadHiddenDim, tokensCount, config.iouHeadDepth, iouToken),
  );
  return { masks, iou };
}

/**
 * upscale_conv1 → LayerNorm2d → GELU → upscale_conv2 → GELU, weighted by the hypernetwork outputs hyper [N, M, C/8]
 * → masks [N, M, 4h, 4w]. Both transposed convolutions have kernel = stride = 2, so each is a per-pixel linear map
 * to 2×2 sub-pixels: a MatMul over channels-last rows. Run once per sub-pixel row (a1 of conv1, a2 of conv2), the
 * products keep their rows in (i, j, b1, b2) order, which is mask row 4i + 2·a1 + a2 read left to right, so the
 * four partial masks [N, M, h, 4w] only need interleaving by one Concat, with no transpose of the features or masks.
 */
function upscaledMasks(m: Module, c: number, keys: Tensor, hyper: Tensor, h: number, w: number): Tensor {
  const c4 = c / 4;
  const c8 = c / 8;
  const tokens = hyper.shape[1];
  /** The sub-pixel row a of a kernel-2 stride-2 transposed convolution: x [N, R, inC] → [N, 2R, outC]. */
  const stage = (name: string, x: Tensor, inC: number, outC: number, a: number): Tensor => {
    const u = m.child(name);
    const kernelRow = slice(u.get('weight', [inC, outC, 2, 2]), 2, a, a + 1);
    const weight = reshape(transpose(kernelRow, [0, 2, 3, 1]), [inC, 2 * outC]);
    return add(reshape(matmul(x, weight), [0, -1, outC]), u.get('bias', [outC]));
  };
  const up = m.child('upscale_layer_norm');
  const rows: Tensor[] = [];
  for (let a1 = 0; a1 < 2; a1++) {
    const y1 = stage('upscale_conv1', keys, c, c4, a1);
    const y = gelu(layerNorm(y1, up.get('weight', [c4]), up.get('bias', [c4]), 1e-6));
    for (let a2 = 0; a2 < 2; a2++) {
      const features = gelu(stage('upscale_conv2', y, c4, c8, a2));
      const partial = matmul(hyper, transpose(features, [0, 2, 1]));
      rows.push(reshape(partial, [0, tokens, h, 1, 4 * w]));
    }
  }
  return reshape(concat(rows, 3), [0, tokens, 4 * h, 4 * w]);
}

/** SamFeedForward: proj_in, (layers − 2) hidden layers, proj_out, ReLU between. */
function feedForward(m: Module, inF: number, hidden: number, outF: number, layers: number, x: Tensor): Tensor {
  let y = relu(m.linear('proj_in', inF, hidden, x));
  for (let i = 0; i < layers - 2; i++) y = relu(m.linear(`layers.${i}`, hidden, hidden, y));
  return m.linear('proj_out', hidden, outF, y);
}

/** SamAttention with its projections down to hidden / rate, on the (few) tokens. */
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

/** A projection weight [inner, C] as per-head blocks [heads, inner / heads, C]. */
function headRows(m: Module, name: string, c: number, inner: number, heads: number): Tensor {
  return reshape(m.get(`${name}.weight`, [inner, c]), [heads, inner / heads, c]);
}

/**
 * SamAttention from the tokens [N, T, C] to the image [B, h·w, C] (B = 1 until the image side depends on the
 * prompt). On a prompt-independent image (projectImage) its keys and values are projected once and every head's
 * queries meet them in one product: row (h, t) of a block-diagonal query matrix [N, heads·T, C/rate] holds query t
 * in head h's columns and zeros elsewhere, which add nothing. Otherwise the image is never projected: the key
 * projection moves onto the queries, q·(W_k·x)ᵀ = (q·W_k)·xᵀ, and the value projection onto the attended image,
 * p·(W_v·x + b) = (p·x)·W_vᵀ + b as each row of p sums to 1; the key bias adds q·b_k to a whole row of scores, which
 * the softmax cancels, so it is left out. That turns two h·w × C × C/rate products per prompt into two
 * heads·T × h·w × C ones. Either way no [N, h·w, C/rate] tensor is made.
 */
function tokensToImage(
  m: Module,
  config: SamMaskDecoderConfig,
  rate: number,
  queries: Tensor,
  imagePe: Tensor,
  image: Tensor,
  projectImage: boolean,
): Tensor {
  const g = queries.graph;
  const c = config.hiddenSize;
  const inner = c / rate;
  const heads = config.numAttentionHeads;
  const width = inner / heads;
  const qh = splitHeads(m.linear('q_proj', c, inner, queries), heads);
  if (projectImage) {
    // [heads, 1, heads, 1]: head h of a [N, heads, T, heads, width] tensor keeps only its own block
    const diagonal = (value: number) => {
      const d = new Float32Array(heads * heads);
      for (let h = 0; h < heads; h++) d[h * heads + h] = value;
      return g.constant('float32', [heads, 1, heads, 1], d);
    };
    const queryBlocks = reshape(mul(unsqueeze(qh, [3]), diagonal(width ** -0.5)), [0, -1, inner]);
    const keys = transpose(m.linear('k_proj', c, inner, imagePe), [0, 2, 1]);
    const probs = softmax(stackedProduct(queryBlocks, keys), -1);
    const mixed = stackedProduct(probs, m.linear('v_proj', c, inner, image));
    const values = reduceSum(mul(reshape(mixed, [0, heads, -1, heads, width]), diagonal(1)), [3], false);
    return m.linear('out_proj', inner, c, mergeHeads(values));
  }
  const keyed = mul(matmul(qh, headRows(m, 'k_proj', c, inner, heads)), width ** -0.5);
  const scores = matmul(reshape(keyed, [0, -1, c]), transpose(imagePe, [0, 2, 1]));
  const attended = reshape(matmul(softmax(scores, -1), image), [0, heads, -1, c]);
  const valueRows = transpose(headRows(m, 'v_proj', c, inner, heads), [0, 2, 1]);
  const values = add(matmul(attended, valueRows), reshape(m.get('v_proj.bias', [inner]), [heads, 1, width]));
  return m.linear('out_proj', inner, c, mergeHeads(values));
}

/**
 * SamAttention from the image [B, h·w, C] to the tokens [N, T, C] → [N, h·w, C]. With T tokens per prompt, the
 * per-head scores of every image row are one product with a block-diagonal key matrix [C/rate, heads·T] (head h's
 * keys in rows and columns of block h, zeros elsewhere, which add nothing), so the scores come out as
 * [N, h·w, heads·T] with no head transposes; the output projection folds into the values, p·v·W_oᵀ =
 * p·(v·W_oᵀ), and the query projection either runs once on a prompt-independent image (projectImage) or folds
 * into the keys, (x·W_qᵀ + b_q)·K = x·(W_qᵀ·K) + b_q·K. Either way no [N, h·w, C/rate] tensor is made. Each
 * head's probabilities sum to 1, so the output bias is added to the values as bias / heads.
 */
function imageToTokens(
  m: Module,
  config: SamMaskDecoderConfig,
  rate: number,
  imagePe: Tensor,
  keys: Tensor,
  values: Tensor,
  projectImage: boolean,
): Tensor {
  const g = imagePe.graph;
  const c = config.hiddenSize;
  const inner = c / rate;
  const heads = config.numAttentionHeads;
  const width = inner / heads;
  const blocks = new Float32Array(inner * heads);
  for (let i = 0; i < inner; i++) blocks[i * heads + Math.floor(i / width)] = width ** -0.5;
  const kt = unsqueeze(transpose(m.linear('k_proj', c, inner, keys), [0, 2, 1]), [2]);
  const blockKeys = reshape(mul(kt, g.constant('float32', [inner, heads, 1], blocks)), [0, inner, -1]);
  const scores = projectImage
    ? matmul(m.linear('q_proj', c, inner, imagePe), blockKeys)
    : add(
        matmul(imagePe, matmul(transpose(m.get('q_proj.weight', [inner, c]), [1, 0]), blockKeys)),
        matmul(reshape(m.get('q_proj.bias', [inner]), [1, inner]), blockKeys),
      );
  const [, hw] = imagePe.shape;
  const probs = reshape(softmax(reshape(scores, [0, hw, heads, -1]), -1), [0, hw, -1]);
  const vh = splitHeads(m.linear('v_proj', c, inner, values), heads);
  const outRows = reshape(transpose(m.get('out_proj.weight', [c, inner]), [1, 0]), [heads, width, c]);
  const bias = mul(m.get('out_proj.bias', [c]), 1 / heads);
  return matmul(probs, add(reshape(matmul(vh, outRows), [0, -1, c]), bias));
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
      // The first block's image side is the embedding itself, prompt-independent unless a mask prompt was given.
      const keysPe = add(k, positions);
      q = add(
        q,
        tokensToImage(
          l.child('cross_attn_token_to_image'),
          config,
          BLOCK_DOWNSAMPLE,
          add(q, tokens),
          keysPe,
          k,
          i === 0,
        ),
      );
      q = l.layerNorm('layer_norm2', c, eps, q);
      const mlp = l.linear('mlp.lin2', config.mlpDim, c, relu(l.linear('mlp.lin1', c, config.mlpDim, q)));
      q = l.layerNorm('layer_norm3', c, eps, add(q, mlp));
      const fromTokens = imageToTokens(
        l.child('cross_attn_image_to_token'),
        config,
        BLOCK_DOWNSAMPLE,
        keysPe,
        add(q, tokens),
        q,
        i === 0,
      );
      k = l.layerNorm('layer_norm4', c, eps, add(k, fromTokens));
      return [q, k];
    });
  }
  const final = g.scope('final_attn', () => {
    const attn = tokensToImage(
      m.child('final_attn_token_to_image'),
      config,
      config.attentionDownsampleRate,
      add(queries, tokens),
      add(keys, positions),
      keys,
      false,
    );
    return m.layerNorm('layer_norm_final_attn', c, TORCH_LAYER_NORM_EPS, add(queries, attn));
  });
  return { queries: final, keys };
}
