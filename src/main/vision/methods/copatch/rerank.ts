// CoPatch's top-k rerank (METHODS.md §1.6). The paper calls α a fusion weight without printing the formula and
// has no public code; this is the spec's reading: score_k = (1 − α)·minmax(s_init over the top-k) + α·overlap_k
// (+ sc_weight·C_k), overlap_k = Σ(M_k ⊙ CoMap) / Σ M_k.

import { type ProposalMask, proposalArea, sumInside } from '../shared/proposals';
import { minmax } from '../shared/scores';

/** Σ(M ⊙ CoMap) / Σ M; 0 for an empty proposal. */
export function coMapOverlap(coMap: Float32Array, proposal: ProposalMask): number {
  const a = proposalArea(proposal);
  return a === 0 ? 0 : sumInside(coMap, proposal) / a;
}

/**
 * Rerank scores of the top-k, in the order given: (1 − α)·minmax(initial) + α·overlap + scWeight·coherence. With
 * a single proposal minmax gives 0, so the overlap alone decides; coherence may be null when scWeight is 0.
 */
export function rerankScores(
  initial: number[],
  overlaps: number[],
  coherence: number[] | null,
  alpha: number,
  scWeight: number,
): number[] {
  if (overlaps.length !== initial.length || (coherence && coherence.length !== initial.length)) {
    throw new Error(`CoPatch rerank: ${initial.length} scores, ${overlaps.length} overlaps, ${coherence?.length} C`);
  }
  if (scWeight !== 0 && !coherence) throw new Error(`CoPatch rerank: sc_weight is ${scWeight} but no coherence given`);
  const norm = minmax(initial);
  return initial.map((_, i) => (1 - alpha) * norm[i] + alpha * overlaps[i] + (coherence ? scWeight * coherence[i] : 0));
}
