// What the generator reads off one mask's logits without upsampling it: the stability score and the exact box of
// the mask at crop resolution. SAM's mask threshold is 0; logits above it are foreground.

import type { BoxXyxy } from './crops';
import { type FrameSampling, type LowResView, type Scratch, outputsReading, upsampleWindow } from './sampling';

/**
 * calculate_stability_score on a block of logits: |logits > +offset| / |logits > −offset| (the first set lies
 * inside the second), rounded to float32 as PyTorch's int32 / int32 division gives it. 0 / 0 is NaN, as there.
 */
export function stabilityScore(
  data: Float32Array,
  offset: number,
  stride: number,
  rows: number,
  cols: number,
  thresholdOffset: number,
): number {
  const hi = thresholdOffset;
  const lo = -thresholdOffset;
  let inner = 0;
  let outer = 0;
  for (let r = 0; r < rows; r++) {
    const start = offset + r * stride;
    for (let i = start, end = start + cols; i < end; i++) {
      const v = data[i];
      if (v > lo) {
        outer++;
        if (v > hi) inner++;
      }
    }
  }
  return Math.fround(inner / outer);
}

/** Stability over the low-resolution cells that cover the crop (padding cells excluded), each cell counted once. */
export function lowResStability(view: LowResView, s: FrameSampling, thresholdOffset: number): number {
  return stabilityScore(view.data, view.offset, view.stride, s.valid.height, s.valid.width, thresholdOffset);
}

/** Inclusive bounds of the cells above `threshold` among those the crop's pixels read; null when none is. */
function cellsAbove(view: LowResView, s: FrameSampling, threshold: number): BoxXyxy | null {
  const { data, offset, stride } = view;
  const rows = s.y.maxCell + 1;
  const cols = s.x.maxCell + 1;
  let c0 = cols;
  let c1 = -1;
  let r0 = -1;
  let r1 = -1;
  for (let r = 0; r < rows; r++) {
    const start = offset + r * stride;
    let first = -1;
    for (let c = 0; c < cols; c++) {
      if (data[start + c] > threshold) {
        first = c;
        break;
      }
    }
    if (first < 0) continue;
    let last = cols - 1;
    while (!(data[start + last] > threshold)) last--;
    if (r0 < 0) r0 = r;
    r1 = r;
    if (first < c0) c0 = first;
    if (last > c1) c1 = last;
  }
  return r0 < 0 ? null : [c0, r0, c1, r1];
}

/**
 * The crop-resolution window [x0, y0, x1, y1) outside which every output logit is ≤ threshold: bilinear weights
 * are non-negative and sum to 1, so an output can exceed the threshold only if one of the cells it reads does.
 * Needs a view of the whole 256×256 output. Null when no cell exceeds it.
 */
export function supportWindow(view: LowResView, s: FrameSampling, threshold: number): BoxXyxy | null {
  const cells = cellsAbove(view, s, threshold);
  if (!cells) return null;
  const [x0, x1] = outputsReading(s.x, cells[0], cells[2]);
  const [y0, y1] = outputsReading(s.y, cells[1], cells[3]);
  return x0 < x1 && y0 < y1 ? [x0, y0, x1, y1] : null;
}

/**
 * Stability as the official generator computes it: on the logits upsampled to crop resolution. Only the support
 * of the −offset level is upsampled; pixels outside it count in neither set.
 */
export function cropStability(view: LowResView, s: FrameSampling, thresholdOffset: number, scratch: Scratch): number {
  const win = supportWindow(view, s, -thresholdOffset);
  if (!win) return NaN;
  const [x0, y0, x1, y1] = win;
  const values = upsampleWindow(view, s, x0, y0, x1, y1, scratch);
  return stabilityScore(values, 0, x1 - x0, y1 - y0, x1 - x0, thresholdOffset);
}

function anyPositive(values: Float32Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (values[i] > 0) return true;
  return false;
}

/**
 * batched_mask_to_box of the crop-resolution mask (logits > 0) without computing the mask: starting from the
 * support window, upsample single rows from the top and bottom and single columns from the left and right until
 * one holds a foreground pixel. Inclusive [x0, y0, x1, y1] in crop pixels; null for an empty mask.
 */
export function maskBox(view: LowResView, s: FrameSampling, scratch: Scratch): BoxXyxy | null {
  const win = supportWindow(view, s, 0);
  if (!win) return null;
  const [wx0, wy0, wx1, wy1] = win;
  const w = wx1 - wx0;
  let top = wy0;
  while (top < wy1 && !anyPositive(upsampleWindow(view, s, wx0, top, wx1, top + 1, scratch), w)) top++;
  if (top === wy1) return null;
  let bottom = wy1 - 1;
  while (bottom > top && !anyPositive(upsampleWindow(view, s, wx0, bottom, wx1, bottom + 1, scratch), w)) bottom--;
  const h = bottom + 1 - top;
  let left = wx0;
  while (!anyPositive(upsampleWindow(view, s, left, top, left + 1, bottom + 1, scratch), h)) left++;
  let right = wx1 - 1;
  while (right > left && !anyPositive(upsampleWindow(view, s, right, top, right + 1, bottom + 1, scratch), h)) right--;
  return [left, top, right, bottom];
}
