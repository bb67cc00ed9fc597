export {
  type CoPatchBackbone,
  type ClusterKeep,
  type CoPatchParams,
  COPATCH_PRESETS,
  checkCoPatchParams,
} from './params';
export { contextTextFeature } from './text';
export { type PatchCluster, type CoMapGrid, patchSimilarity, findClusters, coMapGrid, coMapAtImage } from './comap';
export { coMapOverlap, rerankScores } from './rerank';
export { type CoPatchInput, type CoPatchDebug, runCoPatch } from './copatch';
