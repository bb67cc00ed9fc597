// Between image resolution and a ViT's patch grid. Masks go down to the grid as the authors' code does it:
// torchvision 0.11's TF.resize on a float tensor, which is F.interpolate bilinear (align_corners=False) without
// antialiasing (GL-CLIP's and HybridGL's token masking, soft values), or F.interpolate nearest (Ref-Diff's patch
// mask). Maps come up to the image the same bilinear way.

import { resizeBilinear, resizeNearest } from '../../../masks';
import { type ProposalMask, proposalToMask } from './proposals';
import type { HeatMap } from './types';

/** Soft patch-grid weights m̃ of a proposal: its 0/1 pixels bilinearly resized to gridWidth × gridHeight. */
export function maskToGridBilinear(p: ProposalMask, gridWidth: number, gridHeight: number): Float32Array {
  const m = proposalToMask(p);
  const f = new Float32Array(m.data.length);
  for (let i = 0; i < f.length; i++) f[i] = m.data[i] !== 0 ? 1 : 0;
  return resizeBilinear(f, m.width, m.height, gridWidth, gridHeight);
}

/** Binary patch-grid mask of a proposal by nearest-neighbour sampling. */
export function maskToGridNearest(p: ProposalMask, gridWidth: number, gridHeight: number): Uint8Array {
  return resizeNearest(proposalToMask(p), gridWidth, gridHeight).data;
}

/** A map resized bilinearly to width × height; returned as is when it already has that size. */
export function resizeMap(map: HeatMap, width: number, height: number): HeatMap {
  if (map.data.length !== map.width * map.height) {
    throw new Error(`heat map has ${map.data.length} values, expected ${map.width}x${map.height}`);
  }
  if (map.width === width && map.height === height) return map;
  return { width, height, data: resizeBilinear(map.data, map.width, map.height, width, height) };
}
