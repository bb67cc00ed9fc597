export { type SpatialRelation, type HybridGLLanguage, SPATIAL_RELATIONS } from './language';
export {
  type RelationGeometry,
  type OtherPhraseScore,
  type HybridGLParams,
  HYBRIDGL_PRESETS,
  checkHybridGLParams,
} from './params';
export {
  type ProposalGeometry,
  type PairInput,
  type RelationGuidance,
  proposalGeometry,
  pairScore,
  relationGuidance,
} from './relations';
export { coherenceMap, effectiveCue, coherenceBias, spatialCoherence } from './coherence';
export { type HybridGLInput, type HybridGLDebug, runHybridGL } from './hybridgl';
export { blurredBackground, globalImage } from './global-image';
