// Every threshold of automatic mask generation as a named parameter, and the presets of METHODS.md §0.2.
// Names follow segment-anything's SamAutomaticMaskGenerator arguments (camelCased) so the two read side by side.

export interface KeepLargest {
  /** Keep at most this many masks, largest first. */
  count: number;
  /** Keep only masks with strictly more pixels than this. */
  minArea: number;
}

export interface AmgParams {
  /** Grid points along each side of the image (layer 0); points_per_side. */
  pointsPerSide: number;
  /** Points per decoder call; points_per_batch. */
  pointsPerBatch: number;
  /** Keep masks whose predicted IoU is strictly greater (filter off at 0); pred_iou_thresh. */
  predIouThresh: number;
  /** Keep masks whose stability score is at least this (filter off at 0); stability_score_thresh. */
  stabilityScoreThresh: number;
  /** Stability compares the mask at logit +offset with the mask at −offset; stability_score_offset. */
  stabilityScoreOffset: number;
  /**
   * Where stability is measured. 'low-res': on the decoder's 256×256 logits over the cells covering the image, so
   * masks are filtered before any upsampling (the order). 'crop': on the logits upsampled to crop
   * resolution, as the official generator does (exact, slower).
   */
  stabilityAt: 'low-res' | 'crop';
  /** IoU above which NMS inside one crop suppresses a mask; box_nms_thresh. */
  boxNmsThresh: number;
  /**
   * What NMS compares: 'box' as the official generator (torchvision nms on mask boxes), or 'mask' for the IoU of
   * the masks themselves at image resolution, the stricter test (masks whose boxes overlap but pixels do not
   * survive). Applies to every NMS stage.
   */
  nmsBy: 'box' | 'mask';
  /** Crop layers beyond the whole image; crop_n_layers. */
  cropNLayers: number;
  /** IoU above which NMS across crops suppresses a mask, preferring smaller crops; crop_nms_thresh. */
  cropNmsThresh: number;
  /** Overlap of neighbouring crops in layer 1 as a fraction of the short side; crop_overlap_ratio. */
  cropOverlapRatio: number;
  /** Layer i uses pointsPerSide / factor^i points per side; crop_n_points_downscale_factor. */
  cropNPointsDownscaleFactor: number;
  /** If > 0, fill holes and remove islands smaller than this many pixels, then NMS again; min_mask_region_area. */
  minMaskRegionArea: number;
  /** Ref-Diff's post-filter (see REF_DIFF_KEEP_LARGEST); null keeps every mask. */
  keepLargest: KeepLargest | null;
  /** When nothing survives, return the whole image as the single proposal (METHODS.md §0.2). */
  wholeImageFallback: boolean;
}

/** Ref-Diff's code keeps only the 10 largest masks with more than 10000 pixels. */
export const REF_DIFF_KEEP_LARGEST: KeepLargest = { count: 10, minArea: 10000 };

const OFFICIAL: AmgParams = {
  pointsPerSide: 32,
  pointsPerBatch: 64,
  predIouThresh: 0.88,
  stabilityScoreThresh: 0.95,
  stabilityScoreOffset: 1,
  stabilityAt: 'low-res',
  boxNmsThresh: 0.7,
  nmsBy: 'box',
  cropNLayers: 0,
  cropNmsThresh: 0.7,
  cropOverlapRatio: 512 / 1500,
  cropNPointsDownscaleFactor: 1,
  minMaskRegionArea: 0,
  keepLargest: null,
  wholeImageFallback: true,
};

export const AMG_PRESETS = {
  /**
   * segment-anything's defaults, which Ref-Diff uses. Ref-Diff's own "10 largest above 10000 px" is a scoring-side
   * filter of that method, so the shared proposal set leaves it off; set keepLargest: REF_DIFF_KEEP_LARGEST for it.
   */
  'sam-default': OFFICIAL,
  /** HybridGL on RefCOCO/+/g: a coarse 8×8 grid with loose thresholds and 800 px clean-up. */
  'hybridgl-refcoco': {
    ...OFFICIAL,
    pointsPerSide: 8,
    predIouThresh: 0.7,
    stabilityScoreThresh: 0.7,
    minMaskRegionArea: 800,
  },
  /** HybridGL on PhraseCut: a dense grid plus one crop layer at half the points per side. */
  'hybridgl-phrasecut': {
    ...OFFICIAL,
    pointsPerSide: 64,
    predIouThresh: 0.86,
    stabilityScoreThresh: 0.92,
    cropNLayers: 1,
    cropNPointsDownscaleFactor: 2,
    minMaskRegionArea: 100,
  },
} as const satisfies Record<string, AmgParams>;

export type AmgPresetName = keyof typeof AMG_PRESETS;

export function amgPreset(name: AmgPresetName, overrides: Partial<AmgParams> = {}): AmgParams {
  const preset = AMG_PRESETS[name];
  if (!preset) throw new Error(`unknown AMG preset "${name}"; known: ${Object.keys(AMG_PRESETS).join(', ')}`);
  return { ...preset, ...overrides };
}

function fail(name: string, rule: string, value: unknown): never {
  throw new Error(`AMG parameter ${name} must be ${rule}, got ${JSON.stringify(value)}`);
}

/** Throws an Error naming the first bad parameter. */
export function checkAmgParams(p: AmgParams): void {
  const positiveInt = (name: keyof AmgParams) => {
    const v = p[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) fail(name, 'a positive integer', v);
  };
  const inUnit = (name: keyof AmgParams) => {
    const v = p[name];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) fail(name, 'a number in [0, 1]', v);
  };
  positiveInt('pointsPerSide');
  positiveInt('pointsPerBatch');
  positiveInt('cropNPointsDownscaleFactor');
  inUnit('predIouThresh');
  inUnit('stabilityScoreThresh');
  inUnit('boxNmsThresh');
  inUnit('cropNmsThresh');
  inUnit('cropOverlapRatio');
  if (!(p.stabilityScoreOffset >= 0)) fail('stabilityScoreOffset', 'a non-negative number', p.stabilityScoreOffset);
  if (!Number.isInteger(p.cropNLayers) || p.cropNLayers < 0)
    fail('cropNLayers', 'a non-negative integer', p.cropNLayers);
  if (!(p.minMaskRegionArea >= 0)) fail('minMaskRegionArea', 'a non-negative number', p.minMaskRegionArea);
  if (p.stabilityAt !== 'low-res' && p.stabilityAt !== 'crop')
    fail('stabilityAt', "'low-res' or 'crop'", p.stabilityAt);
  if (p.nmsBy !== 'box' && p.nmsBy !== 'mask') fail('nmsBy', "'box' or 'mask'", p.nmsBy);
  if (p.keepLargest !== null) {
    const { count, minArea } = p.keepLargest;
    if (!Number.isInteger(count) || count <= 0) fail('keepLargest.count', 'a positive integer', count);
    if (!(minArea >= 0)) fail('keepLargest.minArea', 'a non-negative number', minArea);
  }
}
