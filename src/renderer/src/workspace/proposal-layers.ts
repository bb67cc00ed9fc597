// The "Proposals" overlay: the stored SAM proposals an image's methods chose from, each in its own colour with an
// opaque outline. Larger proposals are painted first, so a small one inside a large one stays visible on top.
import { rleArea } from '../../../main/masks';
import type { Rle } from '../../../shared/domain';
import type { MaskStyle, Rgb } from './mask-raster';

export interface ProposalSetView {
  proposalSetId: number;
  preset: string;
  createdAt: string;
  proposals: readonly { idx: number; mask: Rle; score: number }[];
}

/** The set for the chosen AMG preset (the newest such), else the newest set; null when the image has none. */
export function pickProposalSet<S extends ProposalSetView>(sets: readonly S[], preset: string): S | null {
  const newestFirst = [...sets].sort((a, b) => b.proposalSetId - a.proposalSetId);
  return newestFirst.find((s) => s.preset === preset) ?? newestFirst[0] ?? null;
}

/** Hues a golden angle apart: neighbouring indices never share a colour, however many proposals there are. */
export function proposalColor(index: number): Rgb {
  const hue = (index * 137.508) % 360;
  return hslToRgb(hue, 0.85, 0.55);
}

export function hslToRgb(hue: number, saturation: number, lightness: number): Rgb {
  const a = saturation * Math.min(lightness, 1 - lightness);
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12;
    return Math.round(255 * (lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [channel(0), channel(8), channel(4)];
}

export const PROPOSAL_ALPHA = { fillAlpha: 70, edgeAlpha: 255 } as const;

export function proposalLayers(proposals: ProposalSetView['proposals']): { mask: Rle; style: MaskStyle }[] {
  return proposals
    .map((p) => ({ p, area: rleArea(p.mask) }))
    .sort((a, b) => b.area - a.area || a.p.idx - b.p.idx)
    .map(({ p }) => ({ mask: p.mask, style: { color: proposalColor(p.idx), ...PROPOSAL_ALPHA } }));
}
