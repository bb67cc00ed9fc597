// CoPatch (METHODS.md §1) from model outputs: E_CT from two text features, the similarity map from exit-layer
// patch features (already negated, ln_post-ed and projected by the CLIP graph), δ-clusters → CoMap, GL-CLIP-style
// initial scores with E_CT, and the top-k rerank by CoMap overlap.

import { glClipScores } from '../glclip/glclip';
import { checkMatrix } from '../shared/features';
import { type ProposalMask, checkProposals } from '../shared/proposals';
import { minmax, rankDescending, topK } from '../shared/scores';
import type { FeatureMatrix, MethodResult } from '../shared/types';
import { type ClusterKeep, type CoPatchParams, checkCoPatchParams } from './params';
import { coMapAtImage, coMapGrid, patchSimilarity } from './comap';
import { coMapOverlap, rerankScores } from './rerank';
import { contextTextFeature } from './text';

export interface CoPatchInput {
  imageWidth: number;
  imageHeight: number;
  /** K proposals at image resolution. */
  proposals: ProposalMask[];
  /** GL-CLIP global (token-masked) features per proposal, K rows. */
  globalFeatures: FeatureMatrix;
  /** GL-CLIP local (masked crop) features per proposal, K rows. */
  localFeatures: FeatureMatrix;
  /**
   * E_p^l: one row per patch, row-major over gridWidth × gridHeight, from the whole image resized without a crop:
   * block l's patch tokens negated, then ln_post and the visual projection (the CLIP graph's tap).
   */
  patchFeatures: FeatureMatrix;
  gridWidth: number;
  gridHeight: number;
  /** Raw CLIP text feature of the expression T. */
  sentenceFeature: Float32Array;
  /** Raw CLIP text feature of N_O + " " + N_C (the noun phrase with its context tokens). */
  nounContextFeature: Float32Array;
  /** HybridGL's spatial coherence C_k per proposal (K values); needed only when sc_weight ≠ 0. */
  coherence?: ArrayLike<number>;
}

export interface CoPatchDebug {
  gamma: number;
  delta: number;
  alpha: number;
  clusterKeep: ClusterKeep;
  /** GL-CLIP-style score of every proposal with E_CT, by proposal index. */
  initialScores: number[];
  /** The top-k proposal indices by initial score, best first. */
  topK: number[];
  /** Per top-k entry (same order): minmax of the initial score, CoMap overlap, coherence (null when unused). */
  normalizedInitial: number[];
  overlaps: number[];
  coherence: number[] | null;
  /** minmax-normalised similarity on the patch grid, row-major. */
  similarity: number[];
  /** Raw cosine range of the similarity map before minmax. */
  similarityRange: [number, number];
  clusters: { patches: number; sum: number }[];
  /** Indices into clusters of those in the CoMap. */
  kept: number[];
}

export function runCoPatch(input: CoPatchInput, params: CoPatchParams): MethodResult<CoPatchDebug> {
  checkCoPatchParams(params);
  const { imageWidth: W, imageHeight: H, gridWidth: gw, gridHeight: gh, proposals } = input;
  checkProposals('CoPatch', proposals, W, H);
  checkMatrix('CoPatch patch features', input.patchFeatures, gw * gh);
  checkMatrix('CoPatch local features', input.localFeatures, proposals.length);
  if (input.coherence && input.coherence.length !== proposals.length) {
    throw new Error(`CoPatch: ${input.coherence.length} coherence values for ${proposals.length} proposals`);
  }

  const text = contextTextFeature(input.sentenceFeature, input.nounContextFeature, params.gamma);
  const similarity = patchSimilarity(input.patchFeatures, text);
  const comap = coMapGrid(similarity, gw, gh, params.delta, params.clusterKeep);
  const coMap = coMapAtImage(comap.grid, gw, gh, W, H);

  const initial = glClipScores(
    input.localFeatures,
    input.globalFeatures,
    params.initGlobalWeight,
    text,
    params.logitScale,
  );
  const top = proposals.length ? topK(initial, params.topK) : [];
  const topInitial = top.map((k) => initial[k]);
  const overlaps = top.map((k) => coMapOverlap(coMap, proposals[k]));
  const given = input.coherence;
  const coherence = params.scWeight !== 0 && given ? top.map((k) => given[k]) : null;
  const scores = rerankScores(topInitial, overlaps, coherence, params.alpha, params.scWeight);
  const order = rankDescending(scores);

  let lo = Infinity;
  let hi = -Infinity;
  for (const v of similarity) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return {
    method: 'copatch',
    // Ties in the rerank keep the initial order, since top is sorted by initial score.
    candidates: order.map((i) => ({ proposalIndex: top[i], score: scores[i] })),
    heatMap: { width: W, height: H, data: coMap },
    debug: {
      gamma: params.gamma,
      delta: params.delta,
      alpha: params.alpha,
      clusterKeep: params.clusterKeep,
      initialScores: Array.from(initial),
      topK: top,
      normalizedInitial: Array.from(minmax(topInitial)),
      overlaps,
      coherence,
      similarity: Array.from(comap.normalized),
      similarityRange: [lo, hi],
      clusters: comap.clusters.map((c) => ({ patches: c.patches.length, sum: c.sum })),
      kept: comap.kept,
    },
  };
}
