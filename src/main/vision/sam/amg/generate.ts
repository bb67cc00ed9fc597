// Automatic mask generation with segment-anything's semantics (SamAutomaticMaskGenerator), in plain steps:
//   for each crop: grid points → decode in batches (3 masks per point) → predicted-IoU filter → stability filter →
//   box → crop-edge filter → NMS within the crop;
//   then NMS across crops (smaller crops win) → small-region clean-up and NMS again → upsample → COCO RLE.
// Everything before the last step reads the decoder's 256×256 logits; masks are upsampled to image resolution only
// once they have survived (or, with nmsBy 'mask', when a mask IoU needs them).
//
// Differences from the official order, all on purpose:
// - The official generator upsamples every decoded mask to crop resolution before filtering. Here the IoU filter
//   needs no pixels, and boxes are still those of the crop-resolution masks, computed exactly from the logits by
//   upsampling single edge rows and columns (maskBox), so the crop-edge filter and box NMS decide as the official
//   ones do. Only survivors are upsampled, each over its own box.
// - Stability with stabilityAt 'low-res' (the default) is |logits > +offset| / |logits > −offset| counted over the
//   256×256 cells that cover the crop (ceil(resized / 4) per axis, padding excluded) instead of over the upsampled
//   crop-resolution pixels. A cell stands for (4 · crop / resized)² crop pixels; bilinear upsampling moves the ±offset
//   contours by less than a cell and the partly covered last cell row and column count in full, so the two scores
//   differ by boundary effects, most for small masks (bench/amg-logic.bench.ts prints the spread). stabilityAt
//   'crop' computes the official score exactly, upsampling each mask that passed the IoU filter over the support of
//   its −offset level.

import type { Rle } from '../../../../shared/domain';
import { type BoxXyxy, type CropBox, boxArea, generateCropBoxes, isBoxNearCropEdge, xyxyToXywh } from './crops';
import type { DecoderForCrop, DecoderOutput, SamDecode } from './decoder';
import { type Size, SAM_LOW_RES, checkSize, toFrame } from './frame';
import { buildAllLayerPointGrids } from './grid';
import { cropStability, lowResStability, maskBox } from './mask-logits';
import { type MaskWindow, WindowEncoder, windowArea, windowBox, windowIntersection } from './mask-window';
import { boxNms, nms } from './nms';
import { type AmgParams, type KeepLargest, checkAmgParams } from './params';
import { cleanSmallRegions } from './regions';
import { type FrameSampling, type LowResView, Scratch, frameSampling, upsampleWindow } from './sampling';

/** One proposal, with the official generator's record fields (camelCased). */
export interface AmgMask {
  /** COCO compressed RLE at image resolution. */
  segmentation: Rle;
  /** Foreground pixels. */
  area: number;
  /**
   * [x, y, w, h] as the official generator writes it: box_xyxy_to_xywh of the inclusive box, so w and h are one
   * less than the pixel extent (COCO's bbox of the same mask is [x, y, w + 1, h + 1]).
   */
  bbox: BoxXyxy;
  predictedIou: number;
  stabilityScore: number;
  /** The grid point that produced the mask, image pixels; empty for the whole-image fallback. */
  pointCoords: [number, number][];
  /** [x, y, w, h] of the crop the mask was decoded in. */
  cropBox: BoxXyxy;
}

/** Masks left after each step, summed over crops: what the thresholds did. */
export interface AmgCounts {
  decoded: number;
  predictedIou: number;
  stability: number;
  cropEdge: number;
  nmsInCrop: number;
  nmsAcrossCrops: number;
  smallRegions: number;
  keepLargest: number;
}

export interface AmgResult {
  masks: AmgMask[];
  /** True when nothing survived and masks holds the whole image (predictedIou and stabilityScore 0). */
  wholeImage: boolean;
  counts: AmgCounts;
}

export interface AmgRunOptions {
  /** After every decoder batch. */
  onProgress?: (done: number, total: number) => void;
  /** Checked before every decoder call. */
  signal?: AbortSignal;
}

interface Crop {
  crop: CropBox;
  sampling: FrameSampling;
}

/** What every step of one generateMasks call shares. */
interface Run {
  image: Size;
  params: AmgParams;
  options: AmgRunOptions;
  counts: AmgCounts;
  scratch: Scratch;
  batches: { done: number; total: number };
}

interface Candidate {
  from: Crop;
  /** The cells the mask's box reads, copied out of the decoder output; null for an empty mask. */
  cells: LowResView | null;
  /** Inclusive, image coordinates. */
  box: BoxXyxy;
  predictedIou: number;
  stabilityScore: number;
  point: [number, number];
  /** The mask at image resolution, filled in when first needed. */
  window: MaskWindow | null;
  area: number;
}

/**
 * Proposals for an image of `image` size. `decoderFor` is called once per crop box (the whole image first) and
 * returns that crop's decoder; the generator never sees pixels. Throws the signal's AbortError when cancelled.
 */
export async function generateMasks(
  image: Size,
  decoderFor: DecoderForCrop,
  params: AmgParams,
  options: AmgRunOptions = {},
): Promise<AmgResult> {
  checkSize(image, 'image size');
  checkAmgParams(params);
  const grids = buildAllLayerPointGrids(params.pointsPerSide, params.cropNLayers, params.cropNPointsDownscaleFactor);
  const crops = generateCropBoxes(image, params.cropNLayers, params.cropOverlapRatio);
  const counts: AmgCounts = {
    decoded: 0,
    predictedIou: 0,
    stability: 0,
    cropEdge: 0,
    nmsInCrop: 0,
    nmsAcrossCrops: 0,
    smallRegions: 0,
    keepLargest: 0,
  };
  const scratch = new Scratch();
  const batchesOf = (crop: CropBox) => Math.ceil(grids[crop.layer].length / 2 / params.pointsPerBatch);
  const batches = { done: 0, total: crops.reduce((n, c) => n + batchesOf(c), 0) };
  const run: Run = { image, params, options, counts, scratch, batches };

  let candidates: Candidate[] = [];
  for (const crop of crops) {
    options.signal?.throwIfAborted();
    const decode = await decoderFor(crop);
    const from: Crop = { crop, sampling: frameSampling(cropSize(crop)) };
    candidates.push(...(await decodeCrop(from, grids[crop.layer], decode, run)));
  }
  counts.nmsAcrossCrops = candidates.length;

  if (crops.length > 1) {
    const preferSmallCrops = candidates.map((c) => Math.fround(1 / boxArea(c.from.crop.box)));
    candidates = pick(candidates, dedupe(candidates, preferSmallCrops, params.cropNmsThresh, params.nmsBy, scratch));
    counts.nmsAcrossCrops = candidates.length;
  }
  counts.smallRegions = candidates.length;

  if (params.minMaskRegionArea > 0) {
    candidates = postprocessSmallRegions(candidates, run);
    counts.smallRegions = candidates.length;
  }

  const encoder = new WindowEncoder(image);
  let masks = candidates.map((c) => toRecord(c, encoder, scratch));
  if (params.keepLargest) masks = keepLargestMasks(masks, params.keepLargest);
  counts.keepLargest = masks.length;

  const wholeImage = masks.length === 0 && params.wholeImageFallback;
  if (wholeImage) masks = [wholeImageMask(image, encoder)];
  return { masks, wholeImage, counts };
}

function cropSize(crop: CropBox): Size {
  const [x0, y0, x1, y1] = crop.box;
  return { width: x1 - x0, height: y1 - y0 };
}

async function decodeCrop(from: Crop, grid: Float64Array, decode: SamDecode, run: Run): Promise<Candidate[]> {
  const { image, params, counts, scratch, batches, options } = run;
  const size = from.sampling.crop;
  const [cx0, cy0] = from.crop.box;
  const points = new Float64Array(grid.length);
  for (let i = 0; i < grid.length; i += 2) {
    points[i] = grid[i] * size.width;
    points[i + 1] = grid[i + 1] * size.height;
  }
  const framePoints = toFrame(points, size);
  const iouThresh = Math.fround(params.predIouThresh);
  const stabilityThresh = Math.fround(params.stabilityScoreThresh);
  const found: Candidate[] = [];
  const nPoints = points.length / 2;
  for (let start = 0; start < nPoints; start += params.pointsPerBatch) {
    options.signal?.throwIfAborted();
    const n = Math.min(params.pointsPerBatch, nPoints - start);
    const coords = Float32Array.from(framePoints.subarray(start * 2, (start + n) * 2));
    const labels = new Float32Array(n).fill(1);
    const out = await decode(coords, labels);
    const perPoint = checkDecoderOutput(out, n, from.crop, start);
    for (let k = 0; k < n * perPoint; k++) {
      counts.decoded++;
      const predictedIou = out.iouPredictions[k];
      if (params.predIouThresh > 0 && !(predictedIou > iouThresh)) continue;
      counts.predictedIou++;
      const view: LowResView = {
        data: out.lowResLogits,
        offset: k * SAM_LOW_RES * SAM_LOW_RES,
        stride: SAM_LOW_RES,
        row0: 0,
        col0: 0,
      };
      const stabilityScore =
        params.stabilityAt === 'low-res'
          ? lowResStability(view, from.sampling, params.stabilityScoreOffset)
          : cropStability(view, from.sampling, params.stabilityScoreOffset, scratch);
      if (params.stabilityScoreThresh > 0 && !(stabilityScore >= stabilityThresh)) continue;
      counts.stability++;
      const cropBox = maskBox(view, from.sampling, scratch);
      const box: BoxXyxy = cropBox
        ? [cropBox[0] + cx0, cropBox[1] + cy0, cropBox[2] + cx0, cropBox[3] + cy0]
        : [cx0, cy0, cx0, cy0];
      if (isBoxNearCropEdge(box, from.crop.box, image)) continue;
      counts.cropEdge++;
      const p = start + Math.floor(k / perPoint);
      found.push({
        from,
        cells: cropBox ? copyCells(view, from.sampling, cropBox) : null,
        box,
        predictedIou,
        stabilityScore,
        point: [points[p * 2] + cx0, points[p * 2 + 1] + cy0],
        window: null,
        area: 0,
      });
    }
    batches.done++;
    options.onProgress?.(batches.done, batches.total);
  }
  const byPredictedIou = found.map((c) => c.predictedIou);
  const kept = pick(found, dedupe(found, byPredictedIou, params.boxNmsThresh, params.nmsBy, scratch));
  counts.nmsInCrop += kept.length;
  return kept;
}

function checkDecoderOutput(out: DecoderOutput, n: number, crop: CropBox, start: number): number {
  const where = `decoder output for points ${start}..${start + n - 1} of crop [${crop.box.join(', ')}]`;
  if (!(out?.iouPredictions instanceof Float32Array) || !(out.lowResLogits instanceof Float32Array)) {
    throw new Error(`${where}: lowResLogits and iouPredictions must be Float32Arrays`);
  }
  const perPoint = out.iouPredictions.length / n;
  if (!Number.isInteger(perPoint) || perPoint < 1) {
    throw new Error(`${where}: iouPredictions has ${out.iouPredictions.length} values for ${n} points`);
  }
  const expected = n * perPoint * SAM_LOW_RES * SAM_LOW_RES;
  if (out.lowResLogits.length !== expected) {
    throw new Error(
      `${where}: lowResLogits has ${out.lowResLogits.length} values, expected [${n}, ${perPoint}, 256, 256]`,
    );
  }
  return perPoint;
}

/** Copies the cells that the crop-resolution pixels inside `box` read, so the decoder output can be dropped. */
function copyCells(view: LowResView, s: FrameSampling, box: BoxXyxy): LowResView {
  const [x0, y0, x1, y1] = box;
  const c0 = s.x.low[x0];
  const c1 = s.x.high[x1];
  const r0 = s.y.low[y0];
  const r1 = s.y.high[y1];
  const stride = c1 - c0 + 1;
  const data = new Float32Array(stride * (r1 - r0 + 1));
  for (let r = r0; r <= r1; r++) {
    const src = view.offset + r * view.stride + c0;
    data.set(view.data.subarray(src, src + stride), (r - r0) * stride);
  }
  return { data, offset: 0, stride, row0: r0, col0: c0 };
}

/** The candidate's mask at image resolution: its box upsampled from the copied cells and thresholded at 0. */
function maskOf(c: Candidate, scratch: Scratch): MaskWindow {
  if (c.window) return c.window;
  const [cx0, cy0] = c.from.crop.box;
  if (!c.cells) {
    c.window = { x: cx0, y: cy0, mask: { width: 0, height: 0, data: new Uint8Array(0) } };
    return c.window;
  }
  const [x0, y0, x1, y1] = c.box;
  const w = x1 - x0 + 1;
  const h = y1 - y0 + 1;
  const logits = upsampleWindow(c.cells, c.from.sampling, x0 - cx0, y0 - cy0, x1 - cx0 + 1, y1 - cy0 + 1, scratch);
  const data = new Uint8Array(w * h);
  let area = 0;
  for (let i = 0; i < data.length; i++) {
    if (logits[i] > 0) {
      data[i] = 1;
      area++;
    }
  }
  c.window = { x: x0, y: y0, mask: { width: w, height: h, data } };
  c.area = area;
  return c.window;
}

function maskIou(a: Candidate, b: Candidate, scratch: Scratch): number {
  const inter = windowIntersection(maskOf(a, scratch), maskOf(b, scratch));
  return inter / (a.area + b.area - inter);
}

function overlaps(a: BoxXyxy, b: BoxXyxy): boolean {
  return a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
}

/** Kept indices, in score order, of NMS by box or mask IoU. */
function dedupe(cs: Candidate[], scores: number[], threshold: number, by: 'box' | 'mask', scratch: Scratch): number[] {
  if (by === 'box') return boxNms(boxesOf(cs), scores, threshold);
  return nms(scores, (i, j) => (overlaps(cs[i].box, cs[j].box) ? maskIou(cs[i], cs[j], scratch) : 0), threshold);
}

function boxesOf(cs: Candidate[]): BoxXyxy[] {
  return cs.map((c) => c.box);
}

function pick<T>(items: T[], indices: number[]): T[] {
  return indices.map((i) => items[i]);
}

/**
 * postprocess_small_regions: clean every mask, then NMS on the cleaned masks' boxes with unchanged masks scoring 1
 * and changed ones 0, so a mask that needed no cleaning wins over a cleaned duplicate.
 */
function postprocessSmallRegions(cs: Candidate[], run: Run): Candidate[] {
  const { image, params, scratch } = run;
  const cleaned = cs.map((c) => cleanSmallRegions(maskOf(c, scratch), image, params.minMaskRegionArea));
  const after: Candidate[] = cs.map((c, i) => {
    const { window, changed } = cleaned[i];
    const area = changed ? windowArea(window) : c.area;
    return { ...c, window, area, box: windowBox(window) };
  });
  const scores = cleaned.map((r) => (r.changed ? 0 : 1));
  const threshold = Math.max(params.boxNmsThresh, params.cropNmsThresh);
  const keep = dedupe(after, scores, threshold, params.nmsBy, scratch);
  // The official generator keeps an unchanged mask's original box (it differs only for empty masks).
  return keep.map((i) => (cleaned[i].changed ? after[i] : { ...after[i], box: cs[i].box }));
}

function toRecord(c: Candidate, encoder: WindowEncoder, scratch: Scratch): AmgMask {
  const window = maskOf(c, scratch);
  const [x0, y0, x1, y1] = c.from.crop.box;
  return {
    segmentation: encoder.encode(window),
    area: c.area,
    bbox: xyxyToXywh(c.box),
    predictedIou: c.predictedIou,
    stabilityScore: c.stabilityScore,
    pointCoords: [c.point],
    cropBox: xyxyToXywh([x0, y0, x1, y1]),
  };
}

/** Ref-Diff's post-filter: masks with more than minArea pixels, largest first (ties in input order), at most count. */
export function keepLargestMasks(masks: AmgMask[], keep: KeepLargest): AmgMask[] {
  return masks
    .filter((m) => m.area > keep.minArea)
    .map((m, i) => ({ m, i }))
    .sort((a, b) => b.m.area - a.m.area || a.i - b.i)
    .slice(0, keep.count)
    .map(({ m }) => m);
}

function wholeImageMask(image: Size, encoder: WindowEncoder): AmgMask {
  const { width: w, height: h } = image;
  const window: MaskWindow = { x: 0, y: 0, mask: { width: w, height: h, data: new Uint8Array(w * h).fill(1) } };
  return {
    segmentation: encoder.encode(window),
    area: w * h,
    bbox: xyxyToXywh([0, 0, w - 1, h - 1]),
    predictedIou: 0,
    stabilityScore: 0,
    pointCoords: [],
    cropBox: [0, 0, w, h],
  };
}
