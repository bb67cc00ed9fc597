// clip.image: image_embeds, hidden_state_L taps (transformers' hidden_states[L]) and CoPatch patch features.
import type { Tensor } from '../onnx/graph';
import { neg } from '../onnx/ops-elementwise';
import { slice, squeeze } from '../onnx/ops-shape';
import { layers } from './tower';
import type { ImageVariant } from './variant';
import { embed, imageHead, outputFloat32, pixelInput, visionTower, type VisionContext } from './vision';

export function buildImageGraph(ctx: VisionContext, variant: ImageVariant): void {
  const g = ctx.graph;
  const taps = new Set(variant.taps ?? []);
  const patchTaps = new Set(variant.patchTaps ?? []);
  let x = embed(ctx, pixelInput(ctx, 'pixel_values', 'B'));
  for (const layer of layers(visionTower(ctx))) {
    x = layer.forward(x);
    const l = layer.index + 1;
    if (taps.has(l)) outputFloat32(ctx, `hidden_state_${l}`, x);
    if (patchTaps.has(l)) {
      const out = x;
      const features = g.scope(`copatch.${l}`, () => imageHead(ctx, neg(slice(out, 1, 1))));
      outputFloat32(ctx, `patch_embeds_${l}`, features);
    }
  }
  outputFloat32(
    ctx,
    'image_embeds',
    g.scope('vision.head', () => imageHead(ctx, clsToken(x))),
  );
}

/** [B, T, W] → [B, W] */
export function clsToken(x: Tensor): Tensor {
  return squeeze(slice(x, 1, 0, 1), [1]);
}
