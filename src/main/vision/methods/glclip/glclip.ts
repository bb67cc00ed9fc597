// GL-CLIP (Yu, Seo, Son 2023) and its SAM-CLIP baseline (METHODS.md §4): a global (token-masked) and a local
// (masked, cropped) CLIP feature per proposal, mixed, scored against a sentence + root-noun-phrase text feature.
// Features are mixed raw, before normalisation, as the authors' code does (calculate_score normalises after).

import { checkMatrix, checkVector } from '../shared/features';
import { rankDescending } from '../shared/scores';
import type { FeatureMatrix, MethodResult } from '../shared/types';
import { cosineScores, mix, mixRows } from '../shared/vector';
import { type GlClipParams, SAMCLIP_PRESET, checkGlClipParams } from './params';

export interface GlClipInput {
  /** Per-proposal CLIP features with patch tokens masked from maskingBlock on (K rows); unused by SAM-CLIP. */
  globalFeatures?: FeatureMatrix;
  /** Per-proposal CLIP features of the local image (I·M + (1 − M)·c cropped to the box), K rows. */
  localFeatures: FeatureMatrix;
  /** CLIP text feature of the whole expression. */
  sentenceFeature: Float32Array;
  /** CLIP text feature of the root noun phrase (the whole expression when the parse finds none). */
  rootPhraseFeature: Float32Array;
}

export interface GlClipDebug {
  alpha: number;
  textWeight: number;
  /** The final score of every proposal, by proposal index. */
  scores: number[];
}

/** v_k = α·global + (1 − α)·local, row by row. */
export function fuseGlobalLocal(global: FeatureMatrix, local: FeatureMatrix, alpha: number): FeatureMatrix {
  return mixRows(global, local, alpha, 1 - alpha);
}

/** t = w·t_T + (1 − w)·t_root on raw text features (GL-CLIP's and HybridGL's text ensemble). */
export function textEnsemble(sentence: Float32Array, rootPhrase: Float32Array, weight: number): Float32Array {
  return mix([sentence, rootPhrase], [weight, 1 - weight]);
}

/** GL-CLIP's per-proposal score logitScale·cos(v_k, t) for any text feature t (CoPatch passes E_CT). */
export function glClipScores(
  local: FeatureMatrix,
  global: FeatureMatrix | undefined,
  alpha: number,
  text: Float32Array,
  logitScale: number,
): Float64Array {
  checkMatrix('GL-CLIP local features', local);
  let visual = local;
  if (alpha > 0) {
    if (!global) throw new Error(`GL-CLIP: global features are required when alpha is ${alpha}`);
    checkMatrix('GL-CLIP global features', global, local.rows, local.dim);
    visual = fuseGlobalLocal(global, local, alpha);
  }
  checkVector('GL-CLIP text feature', text, local.dim);
  return cosineScores(visual, text, logitScale);
}

function rankProposals(
  input: GlClipInput,
  params: GlClipParams,
  method: 'glclip' | 'samclip',
): MethodResult<GlClipDebug> {
  checkGlClipParams(params);
  const text = textEnsemble(input.sentenceFeature, input.rootPhraseFeature, params.textWeight);
  const scores = glClipScores(input.localFeatures, input.globalFeatures, params.alpha, text, params.logitScale);
  return {
    method,
    candidates: rankDescending(scores).map((k) => ({ proposalIndex: k, score: scores[k] })),
    heatMap: null,
    debug: { alpha: params.alpha, textWeight: params.textWeight, scores: Array.from(scores) },
  };
}

/** GL-CLIP: every proposal ranked by logitScale·cos(v_k, t). */
export function runGlClip(input: GlClipInput, params: GlClipParams): MethodResult<GlClipDebug> {
  return rankProposals(input, params, 'glclip');
}

/** SAM-CLIP: the same score on the local feature alone (α forced to 0, global features ignored). */
export function runSamClip(
  input: Omit<GlClipInput, 'globalFeatures'>,
  params: Omit<GlClipParams, 'alpha'> = SAMCLIP_PRESET,
): MethodResult<GlClipDebug> {
  return rankProposals({ ...input, globalFeatures: undefined }, { ...params, alpha: 0 }, 'samclip');
}
