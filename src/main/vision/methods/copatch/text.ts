// CoPatch's context-token text feature (METHODS.md §1.1).

import { mix, normalize } from '../shared/vector';

/**
 * E_CT = norm(γ·E_sen + (1 − γ)·E_noun), with E_sen = norm(CLIP_text(T)) and E_noun = norm(CLIP_text(N_O + " " +
 * N_C)); both inputs are raw CLIP text features and are normalised here.
 */
export function contextTextFeature(sentence: Float32Array, nounContext: Float32Array, gamma: number): Float32Array {
  if (sentence.length !== nounContext.length) {
    throw new Error(`CoPatch text features differ in length (${sentence.length} vs ${nounContext.length})`);
  }
  return normalize(mix([normalize(sentence), normalize(nounContext)], [gamma, 1 - gamma]));
}
