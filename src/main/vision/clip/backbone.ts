// A CLIP vision tower named the way the papers name backbones (ViT-B/16, ViT-L/14, ViT-H/14), from its width and
// patch size; per-backbone method presets are looked up by this name.
import type { ClipVisionConfig } from './config';

const SIZES: Record<number, string> = { 768: 'B', 1024: 'L', 1280: 'H' };

/** 'ViT-B/16' for a 768-wide tower with 16-pixel patches; a width the papers never name reads 'ViT-<width>d/<patch>'. */
export function clipBackboneName(vision: Pick<ClipVisionConfig, 'hiddenSize' | 'patchSize'>): string {
  return `ViT-${SIZES[vision.hiddenSize] ?? `${vision.hiddenSize}d`}/${vision.patchSize}`;
}
