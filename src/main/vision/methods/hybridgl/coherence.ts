// HybridGL's spatial coherence with the positional cue (METHODS.md §2.4): the GEM map G brought to image size,
// minmax-normalised, multiplied by the positional ramp and divided by its mean; then per proposal
// C_k = (2 − b)·mean(G in M_k) − b·mean(G outside M_k).

import { resizeMap } from '../shared/grid';
import { type ProposalMask, proposalArea, sumInside } from '../shared/proposals';
import { type PositionalCue, positionalRamp } from '../shared/ramps';
import { minmaxInPlace } from '../shared/scores';
import type { HeatMap } from '../shared/types';
import type { SpatialRelation } from './language';
import type { HybridGLParams } from './params';

/**
 * G at width × height: bilinear upsampling (align_corners=False), minmax, × ramp, ÷ mean. A map that is zero
 * everywhere after the ramp stays zero rather than becoming NaN.
 */
export function coherenceMap(gem: HeatMap, width: number, height: number, cue: PositionalCue): HeatMap {
  const resized = resizeMap(gem, width, height);
  const data = minmaxInPlace(resized === gem ? gem.data.slice() : resized.data);
  const ramp = positionalRamp(cue, width, height);
  if (ramp) for (let i = 0; i < data.length; i++) data[i] *= ramp[i];
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += data[i];
  if (sum > 0) {
    const mean = sum / data.length;
    for (let i = 0; i < data.length; i++) data[i] /= mean;
  }
  return { width, height, data };
}

/** The ramp actually applied: up/down only when vertical ramps are on. */
export function effectiveCue(cue: PositionalCue, verticalRamps: boolean): PositionalCue {
  return !verticalRamps && (cue === 'up' || cue === 'down') ? 'none' : cue;
}

/** b for the expression's relation: 1.95 for "big", 1.5 for "small", 1.8 otherwise. */
export function coherenceBias(relation: SpatialRelation, params: HybridGLParams): number {
  if (relation === 'big') return params.coherenceBiasBig;
  if (relation === 'small') return params.coherenceBiasSmall;
  return params.coherenceBias;
}

/**
 * C_k for the listed proposals (all when indices is omitted). A mean over no pixels (an empty proposal, or one
 * covering the whole image) counts as 0; the authors' code divides by zero there.
 */
export function spatialCoherence(g: HeatMap, proposals: ProposalMask[], bias: number, indices?: number[]): number[] {
  let total = 0;
  for (let i = 0; i < g.data.length; i++) total += g.data[i];
  const n = g.width * g.height;
  return (indices ?? proposals.map((_, k) => k)).map((k) => {
    const p = proposals[k];
    const a = proposalArea(p);
    const inside = sumInside(g.data, p);
    const meanIn = a === 0 ? 0 : inside / a;
    const meanOut = a === n ? 0 : (total - inside) / (n - a);
    return (2 - bias) * meanIn - bias * meanOut;
  });
}
