// HybridGL's hyperparameters (METHODS.md §2). Values from the authors' HF_GL_main.py; the default preset enables
// the up/down ramps the paper describes (the code comments them out); the 'authors-code' preset leaves them off.
// Both compare "right" correctly: the code's `token.text == RIGHT_KEYWORDS` never matches, a bug, not a choice.

/** Which geometry big/small and within compare. */
export type RelationGeometry = 'box' | 'mask';

/** How the other noun phrases become one score per proposal. */
export type OtherPhraseScore = 'mean-feature' | 'mean-score';

export interface HybridGLParams {
  /** r: t = r·CLIP(T) + (1 − r)·CLIP(root noun phrase), raw features. */
  textWeight: number;
  /** CLIP's logit scale: s_k = logitScale·cos(v_k, t). */
  logitScale: number;
  /** k1: candidates, the top proposals by p = softmax(s). */
  candidates: number;
  /** k2: partners, the top proposals by q (the other noun phrases' softmax). */
  partners: number;
  /** 'box' (authors' code: box areas, box intersection over box area) or 'mask' (pixel areas and overlap). */
  relationGeometry: RelationGeometry;
  /**
   * 'mean-feature' scores the mean of the other phrases' text features (authors' code); 'mean-score' averages
   * each phrase's score (a literal reading of "their mean score").
   */
  otherPhraseScore: OtherPhraseScore;
  /** b in C_k = (2 − b)·mean(G in M_k) − b·mean(G outside M_k), by relation. */
  coherenceBias: number;
  coherenceBiasBig: number;
  coherenceBiasSmall: number;
  /** Final score 0.4·T_i + 0.6·C_i. */
  relationWeight: number;
  coherenceWeight: number;
  /** Apply the up/down ramps; left/right/middle always apply. */
  verticalRamps: boolean;
  /** Graph-side values, read by the CLIP graphs that make v_k and G: G2L fusion from this block on. */
  maskingBlock: number;
  /** local ← Block(local + w·ĝ) in the G2L fusion (w = 2 in the authors' code). */
  globalFusionWeight: number;
  /** Gaussian kernel of the global image's blurred background (cv2.GaussianBlur((15, 15), 0)). */
  blurKernel: number;
  /** GEM input size (448 → a 28×28 map for ViT-B/16) and number of final blocks with self-self attention. */
  gemImageSize: number;
  gemBlocks: number;
}

const DEFAULT: HybridGLParams = {
  textWeight: 0.5,
  logitScale: 100,
  candidates: 3,
  partners: 6,
  relationGeometry: 'box',
  otherPhraseScore: 'mean-feature',
  coherenceBias: 1.8,
  coherenceBiasBig: 1.95,
  coherenceBiasSmall: 1.5,
  relationWeight: 0.4,
  coherenceWeight: 0.6,
  verticalRamps: true,
  maskingBlock: 9,
  globalFusionWeight: 2,
  blurKernel: 15,
  gemImageSize: 448,
  gemBlocks: 6,
};

export const HYBRIDGL_PRESETS: Readonly<Record<'default' | 'authors-code', Readonly<HybridGLParams>>> = {
  default: DEFAULT,
  'authors-code': { ...DEFAULT, verticalRamps: false },
};

export function checkHybridGLParams(p: HybridGLParams): void {
  const bad = (name: string, v: unknown): never => {
    throw new Error(`HybridGL parameter ${name} is out of range: ${JSON.stringify(v)}`);
  };
  if (!(p.textWeight >= 0 && p.textWeight <= 1)) bad('textWeight', p.textWeight);
  if (!(p.logitScale > 0)) bad('logitScale', p.logitScale);
  if (!Number.isInteger(p.candidates) || p.candidates < 1) bad('candidates', p.candidates);
  if (!Number.isInteger(p.partners) || p.partners < 1) bad('partners', p.partners);
  if (p.relationGeometry !== 'box' && p.relationGeometry !== 'mask') bad('relationGeometry', p.relationGeometry);
  if (p.otherPhraseScore !== 'mean-feature' && p.otherPhraseScore !== 'mean-score') {
    bad('otherPhraseScore', p.otherPhraseScore);
  }
  for (const name of ['coherenceBias', 'coherenceBiasBig', 'coherenceBiasSmall'] as const) {
    if (!Number.isFinite(p[name])) bad(name, p[name]);
  }
  if (!Number.isFinite(p.relationWeight)) bad('relationWeight', p.relationWeight);
  if (!Number.isFinite(p.coherenceWeight)) bad('coherenceWeight', p.coherenceWeight);
  if (!Number.isInteger(p.blurKernel) || p.blurKernel < 1 || p.blurKernel % 2 === 0) bad('blurKernel', p.blurKernel);
}
