// clip.image.token-mask (GL-CLIP's global feature): one image, K masks on the patch grid. Before every block from
// `fromBlock` on, the patch tokens are multiplied by the mask (the class token untouched), as in the authors' code.
import type { Tensor } from '../onnx/graph';
import { cast, mul } from '../onnx/ops-elementwise';
import { concat, expand, slice, unsqueeze } from '../onnx/ops-shape';
import { clsToken } from './image-graph';
import { layers } from './tower';
import type { TokenMaskVariant } from './variant';
import { embed, imageHead, outputFloat32, patchCount, pixelInput, visionTower, type VisionContext } from './vision';

export function buildTokenMaskGraph(ctx: VisionContext, variant: TokenMaskVariant): void {
  const g = ctx.graph;
  const mask = cast(g.input('token_mask', 'float32', ['K', patchCount(ctx)]), ctx.dtype);
  let x = embed(ctx, pixelInput(ctx, 'pixel_values', 1));
  for (const layer of layers(visionTower(ctx))) {
    if (layer.index >= variant.fromBlock) {
      const before = x;
      x = g.scope(`token_mask.${layer.index}`, () => maskPatches(before, mask, ctx));
    }
    x = layer.forward(x);
  }
  outputFloat32(
    ctx,
    'image_embeds',
    g.scope('vision.head', () => imageHead(ctx, clsToken(x))),
  );
}

/** [1 or K, 1+N, W] tokens and a [K, N] mask → [K, 1+N, W] with patch tokens scaled by the mask. */
export function maskPatches(x: Tensor, mask: Tensor, ctx: VisionContext): Tensor {
  const width = ctx.config.vision.hiddenSize;
  const scale = unsqueeze(mask, [2]);
  const cls = expand(slice(x, 1, 0, 1), [{ of: mask, axis: 0 }, 1, width]);
  return concat([cls, mul(slice(x, 1, 1), scale)], 1);
}
