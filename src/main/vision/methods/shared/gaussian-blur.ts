// Gaussian blur as OpenCV's cv2.GaussianBlur(img, (k, k), 0) computes it, because HybridGL's global image is made
// with exactly that call on the 8-bit image (METHODS.md §2.2, kernel 15). For 8-bit input OpenCV's result is
// bit-exact by design: the kernel is rounded to 8 fractional bits with error diffusion so it sums to exactly 1,
// rows are filtered in 16-bit fixed point, columns in 32-bit, and the result is rounded half up. This code does the
// same integer arithmetic, so it reproduces OpenCV's bytes (checked against OpenCV 4.6). Float input is filtered
// with the same kernel in float64 and stored as float32, within float rounding of OpenCV's CV_32F path and of
// torchvision's gaussian_blur, which uses the same σ rule. Borders are BORDER_REFLECT_101 (torch's 'reflect').

import { type RgbFloatImage, type RgbImage, checkRgb } from './image';

/**
 * σ for a kernel size when none is given: 0.3·((k − 1)·0.5 − 1) + 0.8, OpenCV's and torchvision's rule (2.6 for
 * 15), evaluated as OpenCV writes it (0.15·k + 0.35), which is the nearer double.
 */
export function gaussianSigma(ksize: number): number {
  return 0.15 * ksize + 0.35;
}

// OpenCV's fixed small kernels for σ ≤ 0 (getGaussianKernelBitExact).
const SMALL_KERNELS: Record<number, number[]> = {
  1: [1],
  3: [0.25, 0.5, 0.25],
  5: [0.0625, 0.25, 0.375, 0.25, 0.0625],
  7: [0.03125, 0.109375, 0.21875, 0.28125, 0.21875, 0.109375, 0.03125],
};

function checkKernelSize(ksize: number): void {
  if (!Number.isInteger(ksize) || ksize < 1 || ksize % 2 === 0) {
    throw new Error(`Gaussian kernel size must be a positive odd integer, got ${ksize}`);
  }
}

/** The 1-D kernel, summing to 1; sigma ≤ 0 picks σ from the size as OpenCV does. */
export function gaussianKernel(ksize: number, sigma = 0): Float64Array {
  checkKernelSize(ksize);
  if (sigma <= 0 && SMALL_KERNELS[ksize]) return Float64Array.from(SMALL_KERNELS[ksize]);
  const s = sigma > 0 ? sigma : gaussianSigma(ksize);
  // OpenCV's order of operations: x = 2·(i − half), exp(x² · (−0.125 / σ²)), sum outer taps first, double, add 1.
  const scale = -0.125 / (s * s);
  const half = (ksize - 1) / 2;
  const out = new Float64Array(ksize);
  let sum = 0;
  for (let i = 0; i < half; i++) {
    const x = 2 * (i - half);
    out[i] = Math.exp(x * x * scale);
    sum += out[i];
  }
  sum = sum * 2 + 1;
  const inv = 1 / sum;
  for (let i = 0; i < half; i++) {
    out[i] *= inv;
    out[ksize - 1 - i] = out[i];
  }
  out[half] = inv;
  return out;
}

/**
 * The kernel in OpenCV's 8-bit fixed point (getGaussianKernelFixedPoint_ED): values × 256 rounded with the rounding
 * error carried to the next tap, the centre taking whatever makes the sum exactly 256.
 */
export function gaussianKernelFixedPoint(ksize: number, sigma = 0): Int32Array {
  const k = gaussianKernel(ksize, sigma);
  const half = (ksize - 1) / 2;
  const out = new Int32Array(ksize);
  let err = 0;
  let sum = 0;
  for (let i = 0; i < half; i++) {
    const adjusted = k[i] * 256 + err;
    const v = roundHalfEven(adjusted);
    err = adjusted - v;
    out[i] = v;
    out[ksize - 1 - i] = v;
    sum += 2 * v;
  }
  out[half] = 256 - sum;
  return out;
}

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** OpenCV's borderInterpolate for BORDER_REFLECT_101 (…cb|abcd|cb…), reflecting as often as a tiny image needs. */
function reflect101(p: number, len: number): number {
  if (p >= 0 && p < len) return p;
  if (len === 1) return 0;
  while (p < 0 || p >= len) p = p < 0 ? -p : 2 * (len - 1) - p;
  return p;
}

function borderTable(len: number, half: number): Int32Array {
  const t = new Int32Array(len + 2 * half);
  for (let i = 0; i < t.length; i++) t[i] = reflect101(i - half, len);
  return t;
}

/** cv2.GaussianBlur(image, (ksize, ksize), 0) on 8-bit RGB, byte for byte. */
export function gaussianBlur(image: RgbImage, ksize = 15): RgbImage {
  checkRgb('Gaussian blur', image);
  const k = gaussianKernelFixedPoint(ksize);
  const { width: w, height: h, data: src } = image;
  const half = (ksize - 1) / 2;
  const xs = borderTable(w, half);
  const ys = borderTable(h, half);
  // Row pass: 8 fractional bits, at most 255·256, so it fits 16 bits as in OpenCV.
  const rows = new Uint32Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const srow = y * w;
    for (let x = 0; x < w; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let j = 0; j < ksize; j++) {
        const s = (srow + xs[x + j]) * 3;
        r += k[j] * src[s];
        g += k[j] * src[s + 1];
        b += k[j] * src[s + 2];
      }
      const o = (srow + x) * 3;
      rows[o] = r;
      rows[o + 1] = g;
      rows[o + 2] = b;
    }
  }
  // Column pass: 16 fractional bits, then round half up to 8 bits.
  const out = new Uint8Array(w * h * 3);
  const stride = w * 3;
  for (let y = 0; y < h; y++) {
    for (let c = 0; c < stride; c++) {
      let acc = 0;
      for (let j = 0; j < ksize; j++) acc += k[j] * rows[ys[y + j] * stride + c];
      out[y * stride + c] = Math.min(255, (acc + 32768) >>> 16);
    }
  }
  return { width: w, height: h, data: out };
}

/** The same blur on float RGB (any units), in float64, stored as float32. */
export function gaussianBlurFloat(image: RgbFloatImage, ksize = 15): RgbFloatImage {
  checkRgb('Gaussian blur', image);
  const k = gaussianKernel(ksize);
  const { width: w, height: h, data: src } = image;
  const half = (ksize - 1) / 2;
  const xs = borderTable(w, half);
  const ys = borderTable(h, half);
  const stride = w * 3;
  const rows = new Float64Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        for (let j = 0; j < ksize; j++) acc += k[j] * src[y * stride + xs[x + j] * 3 + c];
        rows[y * stride + x * 3 + c] = acc;
      }
    }
  }
  const out = new Float32Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let c = 0; c < stride; c++) {
      let acc = 0;
      for (let j = 0; j < ksize; j++) acc += k[j] * rows[ys[y + j] * stride + c];
      out[y * stride + c] = acc;
    }
  }
  return { width: w, height: h, data: out };
}
