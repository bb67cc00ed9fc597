// Resizing with PyTorch's F.interpolate semantics, because SAM's post-processing is defined by it: 'nearest' for
// binary masks and 'bilinear' with align_corners=False for soft maps (logits, heat maps). PyTorch computes source
// positions and weights in float32 for float32 tensors; Math.fround reproduces that so sampling positions match.

import { type Mask } from './mask';

const f32 = Math.fround;

function checkTarget(width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`resize target must be positive integers, got ${width}x${height}`);
  }
}

/** Source index of output index d for PyTorch's (legacy) 'nearest': floor(d * in/out) in float32. */
function nearestIndices(inSize: number, outSize: number): Int32Array {
  const idx = new Int32Array(outSize);
  const scale = f32(inSize / outSize);
  for (let d = 0; d < outSize; d++) idx[d] = Math.min(Math.floor(f32(d * scale)), inSize - 1);
  return idx;
}

/** Nearest-neighbour resize of a binary mask, F.interpolate(mode='nearest'). */
export function resizeNearest(mask: Mask, width: number, height: number): Mask {
  checkTarget(width, height);
  if (mask.width === 0 || mask.height === 0) throw new Error('cannot resize an empty mask');
  const xi = nearestIndices(mask.width, width);
  const yi = nearestIndices(mask.height, height);
  const src = mask.data;
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const srow = yi[y] * mask.width;
    const drow = y * width;
    for (let x = 0; x < width; x++) out[drow + x] = src[srow + xi[x]] !== 0 ? 1 : 0;
  }
  return { width, height, data: out };
}

interface LinearTaps {
  i0: Int32Array;
  i1: Int32Array;
  w0: Float32Array;
  w1: Float32Array;
}

/** Two source taps and weights per output index, as aten's compute_source_index_and_lambda (align_corners=False). */
function linearTaps(inSize: number, outSize: number): LinearTaps {
  const taps: LinearTaps = {
    i0: new Int32Array(outSize),
    i1: new Int32Array(outSize),
    w0: new Float32Array(outSize),
    w1: new Float32Array(outSize),
  };
  const scale = f32(inSize / outSize);
  for (let d = 0; d < outSize; d++) {
    if (outSize === inSize) {
      taps.i0[d] = d;
      taps.i1[d] = d;
      taps.w0[d] = 1;
      taps.w1[d] = 0;
      continue;
    }
    let real = f32(f32(scale * f32(d + 0.5)) - 0.5);
    if (real < 0) real = 0;
    const i0 = Math.min(Math.floor(real), inSize - 1);
    const lambda1 = f32(Math.min(Math.max(f32(real - i0), 0), 1));
    taps.i0[d] = i0;
    taps.i1[d] = i0 < inSize - 1 ? i0 + 1 : i0;
    taps.w1[d] = lambda1;
    taps.w0[d] = f32(1 - lambda1);
  }
  return taps;
}

/**
 * Bilinear resize of a row-major float map, F.interpolate(mode='bilinear', align_corners=False). Weights are
 * PyTorch's float32 weights; the weighted sum is taken in float64 and stored as float32, so values can differ from
 * PyTorch's float32 sums in the last bit or two.
 */
export function resizeBilinear(
  map: Float32Array,
  srcWidth: number,
  srcHeight: number,
  dstWidth: number,
  dstHeight: number,
): Float32Array {
  checkTarget(dstWidth, dstHeight);
  if (!Number.isInteger(srcWidth) || !Number.isInteger(srcHeight) || srcWidth <= 0 || srcHeight <= 0) {
    throw new Error(`resize source must be positive integers, got ${srcWidth}x${srcHeight}`);
  }
  if (map.length !== srcWidth * srcHeight) {
    throw new Error(`map has ${map.length} values, expected ${srcWidth}x${srcHeight} = ${srcWidth * srcHeight}`);
  }
  const tx = linearTaps(srcWidth, dstWidth);
  const ty = linearTaps(srcHeight, dstHeight);
  const out = new Float32Array(dstWidth * dstHeight);
  for (let y = 0; y < dstHeight; y++) {
    const r0 = ty.i0[y] * srcWidth;
    const r1 = ty.i1[y] * srcWidth;
    const wy0 = ty.w0[y];
    const wy1 = ty.w1[y];
    const drow = y * dstWidth;
    for (let x = 0; x < dstWidth; x++) {
      const a = tx.i0[x];
      const b = tx.i1[x];
      const wx0 = tx.w0[x];
      const wx1 = tx.w1[x];
      out[drow + x] = wy0 * (wx0 * map[r0 + a] + wx1 * map[r0 + b]) + wy1 * (wx0 * map[r1 + a] + wx1 * map[r1 + b]);
    }
  }
  return out;
}
