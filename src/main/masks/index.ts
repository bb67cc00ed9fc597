// The masks library: COCO RLE, geometry, polygons, contours, components and resizing on row-major binary masks.
// Pure TypeScript without Node imports, so the renderer bundles the same code.

export { type Mask, createMask, maskFromData, cloneMask, invertMask, countDifferentPixels } from './mask';
export { countsToString, stringToCounts } from './rle-string';
export {
  type UncompressedRle,
  type AnyRle,
  type Runs,
  maskToRuns,
  runsToMask,
  runsFromRle,
  runsToRle,
  runsToUncompressedRle,
  encodeRle,
  decodeRle,
  compressRle,
  decompressRle,
  runsArea,
  runsBbox,
  rleArea,
  rleBbox,
} from './rle';
export {
  type MaskSource,
  type Overlap,
  area,
  bbox,
  runsOverlap,
  iou,
  iouMatrix,
  mergeRuns,
  mergeRles,
  mergeMasks,
} from './geometry';
export { polygonsToRuns, rasterizePolygons, polygonsToRle } from './polygon';
export {
  type Ring,
  type MaskPart,
  type PolygonExportReport,
  type CocoPolygons,
  type PolygonExportOptions,
  traceContours,
  maskToCocoPolygons,
} from './contours';
export {
  type Connectivity,
  type Component,
  type Components,
  type RegionCleanup,
  connectedComponents,
  removeSmallRegions,
  fillHoles,
} from './components';
export { resizeNearest, resizeBilinear } from './resize';
export { runsToMaskWindow } from './window';
