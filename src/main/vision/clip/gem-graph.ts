// clip.image.gem (GEM, used by HybridGL for its dense heat map): in the last `gemBlocks` blocks a second path
// accumulates self-self attention — q-q, k-k and v-v attention of the L2-normalised projections, one iteration,
// inverse temperature = mean token norm of the block input × head_dim^-0.5, the three results averaged and passed
// through out_proj — without the MLP, while the original path runs unchanged. The GEM path's patch tokens go
// through post_layernorm and the projection.
import type { Tensor } from '../onnx/graph';
import { add, div, mul, sqrt } from '../onnx/ops-elementwise';
import { matmul } from '../onnx/ops-linalg';
import { l2Normalize } from '../onnx/ops-nn';
import { reduceMean, reduceSum, softmax } from '../onnx/ops-reduce';
import { slice, transpose, unsqueeze } from '../onnx/ops-shape';
import { attention } from '../onnx/layers';
import { clsToken } from './image-graph';
import { inLayer, layers, type EncoderLayer } from './tower';
import type { GemVariant } from './variant';
import { embed, imageHead, outputFloat32, pixelInput, visionTower, type VisionContext } from './vision';

export function buildGemGraph(ctx: VisionContext, variant: GemVariant): void {
  const g = ctx.graph;
  const tower = visionTower(ctx);
  const all = layers(tower);
  const firstGem = all.length - variant.gemBlocks;
  let x = embed(ctx, pixelInput(ctx, 'pixel_values', 'B'));
  let gem: Tensor | null = null;
  for (const layer of all) {
    if (layer.index < firstGem) {
      x = layer.forward(x);
      continue;
    }
    const input: Tensor = x;
    const accumulated: Tensor = gem ?? x;
    const next: GemStep = inLayer(tower, layer.index, () => gemLayer(layer, input, accumulated));
    x = next.x;
    gem = next.gem;
  }
  const gemOut = gem as Tensor;
  g.scope('vision.head', () => {
    outputFloat32(ctx, 'gem_patch_embeds', imageHead(ctx, slice(gemOut, 1, 1)));
    outputFloat32(ctx, 'image_embeds', imageHead(ctx, clsToken(x)));
  });
}

interface GemStep {
  x: Tensor;
  gem: Tensor;
}

function gemLayer(layer: EncoderLayer, x: Tensor, gem: Tensor): GemStep {
  const g = x.graph;
  const h = layer.norm1(x);
  const { q, k, v } = g.scope('attn', () => layer.heads(h));
  const original = g.scope('attn', () => layer.outProj(attention(q, k, v, { scale: layer.scale })));
  const next = layer.mlpResidual(add(x, original));
  const selfSelf = g.scope('gem', () => {
    const tokenNorms = sqrt(reduceSum(mul(h, h), [-1], false));
    const invTemp = unsqueeze(mul(reduceMean(tokenNorms, [1], true), layer.scale), [2, 3]);
    const paths = [v, k, q].map((s) => {
      const unit = l2Normalize(s);
      const once = matmul(selfAttentionWeights(unit, invTemp), unit);
      return matmul(selfAttentionWeights(l2Normalize(once), invTemp), v);
    });
    return layer.outProj(div(add(add(paths[0], paths[1]), paths[2]), 3));
  });
  return { x: next, gem: add(gem, selfSelf) };
}

function selfAttentionWeights(s: Tensor, invTemp: Tensor): Tensor {
  return softmax(mul(matmul(s, transpose(s, [0, 1, 3, 2])), invTemp), -1);
}
