// clip.image.hybrid (HybridGL's G2L fusion): per proposal a local image (mask region on the mean colour) and a
// global image (blurred outside the mask) run through the plain blocks up to `fromBlock`; from there
// local ← Block(local + w·ĝ) (w = 2 unless the variant says otherwise), with ĝ the global tokens whose patches are
// scaled by the soft mask, and global ← Block(global) with the global class token attending only to patches where
// the mask is > 0.
// The feature is the local class token, projected (the authors' code, fusion_mode 'G2L').
import { lowestFinite } from '../onnx/dtype';
import type { Tensor } from '../onnx/graph';
import { add, cast, greater, mul, where } from '../onnx/ops-elementwise';
import { concat, expand, unsqueeze } from '../onnx/ops-shape';
import { clsToken } from './image-graph';
import { maskPatches } from './token-mask-graph';
import { layers } from './tower';
import type { HybridVariant } from './variant';
import { embed, imageHead, outputFloat32, patchCount, pixelInput, visionTower, type VisionContext } from './vision';

export function buildHybridGraph(ctx: VisionContext, variant: HybridVariant): void {
  const g = ctx.graph;
  const n = patchCount(ctx);
  const input = g.input('token_mask', 'float32', ['K', n]);
  const mask = cast(input, ctx.dtype);
  let local = embed(ctx, pixelInput(ctx, 'local_pixel_values', 'K'), 'vision.local');
  let global = embed(ctx, pixelInput(ctx, 'global_pixel_values', 'K'), 'vision.global');
  const bias = g.scope('hybrid.bias', () => clsAttentionBias(ctx, input, n));
  const weight = variant.globalWeight ?? 2;
  const localLayers = layers(visionTower(ctx, 'vision.local'));
  const globalLayers = layers(visionTower(ctx, 'vision.global'));
  for (let i = 0; i < localLayers.length; i++) {
    if (i < variant.fromBlock) {
      local = localLayers[i].forward(local);
      global = globalLayers[i].forward(global);
    } else {
      const g0 = global;
      const fused = g.scope(`hybrid.fuse.${i}`, () => add(local, mul(maskPatches(g0, mask, ctx), weight)));
      local = localLayers[i].forward(fused);
      global = globalLayers[i].forward(global, bias);
    }
  }
  outputFloat32(
    ctx,
    'image_embeds',
    g.scope('vision.head', () => imageHead(ctx, clsToken(local))),
  );
}

/** [K, 1, 1+N, 1+N]: row 0 (the class token) blocks the patches where mask ≤ 0; every other entry is 0. */
function clsAttentionBias(ctx: VisionContext, mask: Tensor, n: number): Tensor {
  const g = ctx.graph;
  const low = lowestFinite(ctx.dtype);
  const self = expand(g.constant(ctx.dtype, [1, 1], [0]), [{ of: mask, axis: 0 }, 1]);
  const row = concat([self, where(greater(mask, 0), g.scalar(ctx.dtype, 0), low)], 1);
  const firstRow = new Float32Array(1 + n);
  firstRow[0] = 1;
  return mul(unsqueeze(row, [1, 2]), g.constant(ctx.dtype, [1 + n, 1], firstRow));
}
