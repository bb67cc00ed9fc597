// clip.image.mask-cls (Ref-Diff's soft feature): one image plus one extra class-token copy per mask. Each mask token
// attends only to itself and to the patches inside its mask (> 0.5 on the patch grid); the class token and the
// patches attend among themselves exactly as in the plain model and never to mask tokens; mask tokens do not see
// each other. So a mask token whose mask covers every patch follows the plain class token exactly.
import { lowestFinite } from '../onnx/dtype';
import type { Tensor } from '../onnx/graph';
import { cast, greater, mul, sub, where } from '../onnx/ops-elementwise';
import { matmul } from '../onnx/ops-linalg';
import { concat, expand, eyeLike, slice, squeeze, transpose } from '../onnx/ops-shape';
import { clsToken } from './image-graph';
import { layers } from './tower';
import type { MaskClsVariant } from './variant';
import { embed, imageHead, outputFloat32, patchCount, pixelInput, visionTower, type VisionContext } from './vision';

export function buildMaskClsGraph(ctx: VisionContext, variant: MaskClsVariant): void {
  const g = ctx.graph;
  const n = patchCount(ctx);
  const width = ctx.config.vision.hiddenSize;
  const masks = g.input('patch_masks', 'float32', ['K', n]);
  let x = embed(ctx, pixelInput(ctx, 'pixel_values', 1));
  const bias = g.scope('mask_cls.bias', () => attentionBias(ctx, masks, n));
  x = g.scope('mask_cls.tokens', () => concat([x, expand(slice(x, 1, 0, 1), [1, { of: masks, axis: 0 }, width])], 1));
  const all = layers(visionTower(ctx));
  const blocks = variant.layer === 'penultimate' ? all.slice(0, -1) : all;
  for (const layer of blocks) x = layer.forward(x, bias);
  const out = x;
  g.scope('vision.head', () => {
    outputFloat32(ctx, 'mask_embeds', imageHead(ctx, squeeze(slice(out, 1, 1 + n), [0])));
    outputFloat32(ctx, 'image_embeds', imageHead(ctx, clsToken(out)));
  });
}

/** Additive [1+N+K, 1+N+K] bias in the compute dtype. */
function attentionBias(ctx: VisionContext, masks: Tensor, n: number): Tensor {
  const g = ctx.graph;
  const low = lowestFinite(ctx.dtype);
  const k = { of: masks, axis: 0 };
  const blocked = (rows: number | typeof k, cols: number | typeof k) =>
    expand(g.constant(ctx.dtype, [1, 1], [low]), [rows, cols]);
  const top = concat(
    [g.constant(ctx.dtype, [1 + n, 1 + n], new Float32Array((1 + n) * (1 + n))), blocked(1 + n, k)],
    1,
  );
  const inside = where(greater(masks, 0.5), g.scalar(ctx.dtype, 0), low);
  const eye = eyeLike(matmul(masks, transpose(masks, [1, 0])));
  const self = cast(mul(sub(1, eye), low), ctx.dtype);
  const bottom = concat([blocked(k, 1), inside, self], 1);
  return concat([top, bottom], 0);
}
