// CoPatch's hyperparameters (METHODS.md §1) and the paper's per-backbone presets.

export type CoPatchBackbone = 'ViT-B/32' | 'ViT-B/16' | 'ViT-H/14';

/** Which δ-clusters make up the CoMap. */
export type ClusterKeep = 'all' | 'best';

export interface CoPatchParams {
  /** l: the block whose output patch tokens are tapped (read by the CLIP graph that makes the patch features). */
  exitLayer: number;
  /** δ: patches whose minmax-normalised similarity is ≥ δ are active. */
  delta: number;
  /** α: rerank fusion weight, score = (1 − α)·minmax(s_init) + α·overlap. */
  alpha: number;
  /** γ: E_CT = norm(γ·E_sen + (1 − γ)·E_noun); not given in the paper, the GL-CLIP/HybridGL text weight. */
  gamma: number;
  /** k: proposals kept from the initial score for the rerank. */
  topK: number;
  /** cluster_keep: every cluster, or only the one with the highest summed (normalised) similarity. */
  clusterKeep: ClusterKeep;
  /** sc_weight: weight of HybridGL's spatial coherence term in the rerank; 0 in the paper preset. */
  scWeight: number;
  /** GL-CLIP's global/local weight for the initial score (v_k = w·global + (1 − w)·local); CoPatch reuses §4. */
  initGlobalWeight: number;
  /** CLIP's logit scale (exp(logit_scale) = 100 for OpenAI's checkpoints). */
  logitScale: number;
}

const COMMON = {
  gamma: 0.5,
  topK: 5,
  clusterKeep: 'all',
  scWeight: 0,
  initGlobalWeight: 0.95,
  logitScale: 100,
} as const satisfies Partial<CoPatchParams>;

/** The paper's values per backbone: (l, δ, α) = (10, 0.5, 0.5), (8, 0.3, 0.7), (22, 0.5, 0.5). */
export const COPATCH_PRESETS: Readonly<Record<CoPatchBackbone, Readonly<CoPatchParams>>> = {
  'ViT-B/32': { ...COMMON, exitLayer: 10, delta: 0.5, alpha: 0.5 },
  'ViT-B/16': { ...COMMON, exitLayer: 8, delta: 0.3, alpha: 0.7 },
  'ViT-H/14': { ...COMMON, exitLayer: 22, delta: 0.5, alpha: 0.5 },
};

export function checkCoPatchParams(p: CoPatchParams): void {
  const bad = (name: string, v: unknown): never => {
    throw new Error(`CoPatch parameter ${name} is out of range: ${JSON.stringify(v)}`);
  };
  if (!Number.isInteger(p.exitLayer) || p.exitLayer < 0) bad('exitLayer', p.exitLayer);
  if (!(p.delta >= 0 && p.delta <= 1)) bad('delta', p.delta);
  if (!(p.alpha >= 0 && p.alpha <= 1)) bad('alpha', p.alpha);
  if (!(p.gamma >= 0 && p.gamma <= 1)) bad('gamma', p.gamma);
  if (!Number.isInteger(p.topK) || p.topK < 1) bad('topK', p.topK);
  if (p.clusterKeep !== 'all' && p.clusterKeep !== 'best') bad('clusterKeep', p.clusterKeep);
  if (!Number.isFinite(p.scWeight)) bad('scWeight', p.scWeight);
  if (!(p.initGlobalWeight >= 0 && p.initGlobalWeight <= 1)) bad('initGlobalWeight', p.initGlobalWeight);
  if (!(p.logitScale > 0)) bad('logitScale', p.logitScale);
}
