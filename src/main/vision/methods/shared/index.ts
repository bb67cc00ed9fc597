export type { HeatMap, FeatureMatrix, RankedCandidate, MethodName, MethodResult } from './types';
export { checkMatrix, checkVector, row } from './features';
export { dot, l2, normalize, cosine, mix, mixRows, cosineScores } from './vector';
export { minmax, minmaxInPlace, softmax, rankDescending, topK } from './scores';
export {
  type ProposalMask,
  checkProposals,
  proposalToMask,
  proposalArea,
  proposalBox,
  proposalIntersection,
  sumInside,
} from './proposals';
export { maskToGridBilinear, maskToGridNearest, resizeMap } from './grid';
export { type PositionalCue, linspace, positionalRamp } from './ramps';
export { type RgbImage, type RgbFloatImage, type LocalImageOptions, CLIP_MEAN, checkRgb, localImage } from './image';
export {
  gaussianSigma,
  gaussianKernel,
  gaussianKernelFixedPoint,
  gaussianBlur,
  gaussianBlurFloat,
} from './gaussian-blur';
