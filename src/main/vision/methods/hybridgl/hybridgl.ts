// HybridGL (METHODS.md §2) from model outputs: base scores from the G2L hybrid features, spatial relationship
// guidance over the top candidates, spatial coherence on the GEM map with the positional cue, and the final
// 0.4·T + 0.6·C over the candidates. v_k (G2L fusion) and G (GEM) come from the CLIP graphs.

import { checkMatrix, checkVector } from '../shared/features';
import { type ProposalMask, checkProposals } from '../shared/proposals';
import type { PositionalCue } from '../shared/ramps';
import { rankDescending, softmax } from '../shared/scores';
import type { FeatureMatrix, HeatMap, MethodResult } from '../shared/types';
import { cosineScores, mix } from '../shared/vector';
import { textEnsemble } from '../glclip/glclip';
import { coherenceBias, coherenceMap, effectiveCue, spatialCoherence } from './coherence';
import type { HybridGLLanguage, SpatialRelation } from './language';
import { type HybridGLParams, checkHybridGLParams } from './params';
import { relationGuidance } from './relations';

export interface HybridGLInput {
  imageWidth: number;
  imageHeight: number;
  /** K proposals at image resolution. */
  proposals: ProposalMask[];
  /** v_k = proj(ln_post(local CLS)) of the G2L fusion, K rows. */
  proposalFeatures: FeatureMatrix;
  /** Raw CLIP text features of the expression and of its root noun phrase. */
  sentenceFeature: Float32Array;
  rootPhraseFeature: Float32Array;
  /**
   * Raw CLIP text features of "a photo of <phrase>" for each other noun phrase (not the root phrase, not headed by
   * a relation word); empty when there is none.
   */
  otherPhraseFeatures: Float32Array[];
  /**
   * GEM map for "a photo of a <root noun phrase>." at any resolution (e.g. 28×28); upsampled here. The result's
   * heatMap is this map as scored: at image size, minmax-ed, ramped and divided by its mean (so its mean is 1).
   */
  gemMap: HeatMap;
  language: HybridGLLanguage;
}

export interface HybridGLDebug {
  relation: SpatialRelation;
  /** The ramp applied (the parsed cue, or 'none' for up/down with vertical ramps off). */
  position: PositionalCue;
  bias: number;
  /** s_k = logitScale·cos(v_k, t) and p = softmax(s), by proposal index. */
  baseScores: number[];
  p: number[];
  /** softmax of the other phrases' scores, by proposal index; null without other noun phrases. */
  q: number[] | null;
  /** Top-k1 by p and the partners. */
  candidates: number[];
  partners: number[];
  /** Per candidate (same order as candidates): Σ_j R(i, j), T_i, C_i. */
  relationSums: number[];
  relationScores: number[];
  coherence: number[];
}

/** q over proposals from the other noun phrases' text features, or null when there are none. */
function otherPhraseProbabilities(input: HybridGLInput, params: HybridGLParams): Float64Array | null {
  const others = input.otherPhraseFeatures;
  if (others.length === 0) return null;
  const feats = input.proposalFeatures;
  others.forEach((f, n) => checkVector(`HybridGL other noun phrase ${n} feature`, f, feats.dim));
  if (params.otherPhraseScore === 'mean-feature') {
    const mean = mix(
      others,
      others.map(() => 1 / others.length),
    );
    return softmax(cosineScores(feats, mean, params.logitScale));
  }
  const sum = new Float64Array(feats.rows);
  for (const f of others) {
    const s = cosineScores(feats, f, params.logitScale);
    for (let k = 0; k < sum.length; k++) sum[k] += s[k] / others.length;
  }
  return softmax(sum);
}

export function runHybridGL(input: HybridGLInput, params: HybridGLParams): MethodResult<HybridGLDebug> {
  checkHybridGLParams(params);
  const { imageWidth: W, imageHeight: H, proposals, language } = input;
  checkProposals('HybridGL', proposals, W, H);
  checkMatrix('HybridGL proposal features', input.proposalFeatures, proposals.length);
  checkVector('HybridGL sentence feature', input.sentenceFeature, input.proposalFeatures.dim);
  checkVector('HybridGL root phrase feature', input.rootPhraseFeature, input.proposalFeatures.dim);

  const text = textEnsemble(input.sentenceFeature, input.rootPhraseFeature, params.textWeight);
  const base = cosineScores(input.proposalFeatures, text, params.logitScale);
  const p = softmax(base);
  const q = otherPhraseProbabilities(input, params);
  const guidance = relationGuidance(
    p,
    q,
    proposals,
    language.relation,
    params.relationGeometry,
    params.candidates,
    params.partners,
  );

  const position = effectiveCue(language.position, params.verticalRamps);
  const g = coherenceMap(input.gemMap, W, H, position);
  const bias = coherenceBias(language.relation, params);
  const coherence = spatialCoherence(g, proposals, bias, guidance.candidates);
  const final = guidance.candidates.map(
    (_, a) => params.relationWeight * guidance.scores[a] + params.coherenceWeight * coherence[a],
  );

  return {
    method: 'hybridgl',
    candidates: rankDescending(final).map((a) => ({ proposalIndex: guidance.candidates[a], score: final[a] })),
    heatMap: g,
    debug: {
      relation: language.relation,
      position,
      bias,
      baseScores: Array.from(base),
      p: Array.from(p),
      q: q && Array.from(q),
      candidates: guidance.candidates,
      partners: guidance.partners,
      relationSums: guidance.sums,
      relationScores: guidance.scores,
      coherence,
    },
  };
}
