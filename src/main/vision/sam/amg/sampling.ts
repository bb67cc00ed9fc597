// How SAM's 256×256 low-resolution logits become logits at crop resolution: bilinear (align_corners=False) to the
// 1024 frame, the padding cut off, bilinear again to the crop's size (segment-anything's postprocess_masks).
// Both stages are linear and separable, so along each axis an output pixel is a fixed weighted sum of at most three
// low-resolution cells. Precomputing those taps lets any window of the output be computed on its own, which is what
// lets the generator work on low-resolution logits and upsample only the masks and rows it needs.

import { resizeBilinear } from '../../../masks';
import { type Size, SAM_FRAME, SAM_LOW_RES, checkSize, lowResValid, resizedShape } from './frame';

/** Taps per output pixel along one axis; two bilinear stages of two taps reach at most three adjacent cells. */
export const TAPS = 3;

export interface AxisTaps {
  /** Output length (crop width or height). */
  size: number;
  /** Cell index of tap k of output d at d * TAPS + k; unused taps repeat a used index with weight 0. */
  index: Int32Array;
  weight: Float32Array;
  /** Smallest and largest cell index output d reads with a non-zero weight. */
  low: Int32Array;
  high: Int32Array;
  /** Largest cell index any output reads. */
  maxCell: number;
}

export interface FrameSampling {
  crop: Size;
  /** The crop resized into the frame (ResizeLongestSide). */
  resized: Size;
  /** Low-resolution cells covering the resized crop; the rest are padding. */
  valid: Size;
  x: AxisTaps;
  y: AxisTaps;
}

/**
 * The composite taps of one axis, found by pushing impulses through the masks library's resizeBilinear (PyTorch's
 * sampling), so the sampling rule is stated once, there. An output reads at most three adjacent cells, so
 * impulses four cells apart never meet in one output: four combs give every weight, and a second comb per phase
 * whose impulse at cell i has height i + 1 tells which cell each weight came from.
 */
function axisTaps(resized: number, size: number): AxisTaps {
  const index = new Int32Array(size * TAPS);
  const weight = new Float32Array(size * TAPS);
  const count = new Int32Array(size);
  const through = (cells: Float32Array) =>
    resizeBilinear(resizeBilinear(cells, SAM_LOW_RES, 1, SAM_FRAME, 1).subarray(0, resized), resized, 1, size, 1);
  const ones = new Float32Array(SAM_LOW_RES);
  const heights = new Float32Array(SAM_LOW_RES);
  for (let phase = 0; phase < TAPS + 1; phase++) {
    ones.fill(0);
    heights.fill(0);
    for (let cell = phase; cell < SAM_LOW_RES; cell += TAPS + 1) {
      ones[cell] = 1;
      heights[cell] = cell + 1;
    }
    const w = through(ones);
    const h = through(heights);
    for (let d = 0; d < size; d++) {
      if (w[d] === 0) continue;
      if (count[d] === TAPS) throw new Error(`output ${d} of ${size} reads more than ${TAPS} low-resolution cells`);
      index[d * TAPS + count[d]] = Math.round(h[d] / w[d]) - 1;
      weight[d * TAPS + count[d]] = w[d];
      count[d]++;
    }
  }
  const low = new Int32Array(size);
  const high = new Int32Array(size);
  let maxCell = 0;
  for (let d = 0; d < size; d++) {
    const t = d * TAPS;
    const n = count[d];
    // Phases arrive out of cell order; sort this output's few taps by cell.
    for (let a = 1; a < n; a++) {
      for (let b = a; b > 0 && index[t + b - 1] > index[t + b]; b--) {
        [index[t + b - 1], index[t + b]] = [index[t + b], index[t + b - 1]];
        [weight[t + b - 1], weight[t + b]] = [weight[t + b], weight[t + b - 1]];
      }
    }
    low[d] = index[t];
    high[d] = index[t + n - 1];
    if (high[d] > maxCell) maxCell = high[d];
    for (let k = n; k < TAPS; k++) index[t + k] = index[t];
  }
  return { size, index, weight, low, high, maxCell };
}

export function frameSampling(crop: Size): FrameSampling {
  checkSize(crop, 'crop size');
  const resized = resizedShape(crop);
  if (resized.width === 0 || resized.height === 0) {
    throw new Error(`crop ${crop.width}x${crop.height} resizes to ${resized.width}x${resized.height} in SAM's frame`);
  }
  return {
    crop,
    resized,
    valid: lowResValid(crop),
    x: axisTaps(resized.width, crop.width),
    y: axisTaps(resized.height, crop.height),
  };
}

/** Outputs [from, to) of an axis that read any cell in [c0, c1]; taps grow with the output index. */
export function outputsReading(axis: AxisTaps, c0: number, c1: number): [number, number] {
  let from = 0;
  while (from < axis.size && axis.high[from] < c0) from++;
  let to = axis.size;
  while (to > from && axis.low[to - 1] > c1) to--;
  return [from, to];
}

/**
 * A 2-D block of low-resolution logits: cell (row r, column c) is data[offset + (r − row0) * stride + (c − col0)].
 * Views a whole decoder output (row0 = col0 = 0, stride 256) or a copied window of one.
 */
export interface LowResView {
  data: Float32Array;
  offset: number;
  stride: number;
  row0: number;
  col0: number;
}

/** Reusable float buffers, so per-mask work allocates nothing once the buffers have grown. */
export class Scratch {
  private rows = new Float32Array(0);
  private window = new Float32Array(0);
  rowPass(n: number): Float32Array {
    if (this.rows.length < n) this.rows = new Float32Array(Math.max(n, this.rows.length * 2));
    return this.rows;
  }
  output(n: number): Float32Array {
    if (this.window.length < n) this.window = new Float32Array(Math.max(n, this.window.length * 2));
    return this.window;
  }
}

/**
 * Crop-resolution logits of the window [x0, x1) × [y0, y1), row-major into the returned buffer (width x1 − x0),
 * which belongs to `scratch` and is overwritten by its next use. A horizontal pass over the cell rows the window
 * reads, then a vertical pass: 2 × 3 multiply-adds per output pixel.
 */
export function upsampleWindow(
  view: LowResView,
  s: FrameSampling,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  scratch: Scratch,
): Float32Array {
  const w = x1 - x0;
  const r0 = s.y.low[y0];
  const r1 = s.y.high[y1 - 1];
  const pass = scratch.rowPass((r1 - r0 + 1) * w);
  const { data, offset, stride, row0, col0 } = view;
  const xi = s.x.index;
  const xw = s.x.weight;
  for (let r = r0; r <= r1; r++) {
    const src = offset + (r - row0) * stride - col0;
    const dst = (r - r0) * w - x0;
    for (let x = x0; x < x1; x++) {
      const t = x * TAPS;
      pass[dst + x] = xw[t] * data[src + xi[t]] + xw[t + 1] * data[src + xi[t + 1]] + xw[t + 2] * data[src + xi[t + 2]];
    }
  }
  const out = scratch.output(w * (y1 - y0));
  const yi = s.y.index;
  const yw = s.y.weight;
  for (let y = y0; y < y1; y++) {
    const t = y * TAPS;
    const a = (yi[t] - r0) * w;
    const b = (yi[t + 1] - r0) * w;
    const c = (yi[t + 2] - r0) * w;
    const wa = yw[t];
    const wb = yw[t + 1];
    const wc = yw[t + 2];
    const dst = (y - y0) * w;
    for (let i = 0; i < w; i++) out[dst + i] = wa * pass[a + i] + wb * pass[b + i] + wc * pass[c + i];
  }
  return out;
}
