// SAM automatic mask generation as pure logic over decoder outputs (METHODS.md §0.2).

export { type DecoderOutput, type SamDecode, type DecoderForCrop } from './decoder';
export {
  type AmgMask,
  type AmgCounts,
  type AmgResult,
  type AmgRunOptions,
  generateMasks,
  keepLargestMasks,
} from './generate';
export {
  type AmgParams,
  type AmgPresetName,
  type KeepLargest,
  AMG_PRESETS,
  REF_DIFF_KEEP_LARGEST,
  amgPreset,
  checkAmgParams,
} from './params';
export { type Size, SAM_FRAME, SAM_LOW_RES, resizedShape, toFrame, fromFrame, lowResValid } from './frame';
export { buildPointGrid, buildAllLayerPointGrids } from './grid';
export { type BoxXyxy, type CropBox, generateCropBoxes, isBoxNearCropEdge, xyxyToXywh, boxArea } from './crops';
export { boxIou, boxNms } from './nms';
export { stabilityScore } from './mask-logits';
