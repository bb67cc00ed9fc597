// Pure image-side preparation of a proposal for CLIP (GL-CLIP's and HybridGL's "local image", METHODS.md §2.2,
// §4): the proposal's pixels kept, everything else painted a constant colour, optionally cropped to the
// proposal's box. Resizing to the model input and normalising belong to the CLIP preprocessing.

import { type ProposalMask, proposalBox, proposalToMask } from './proposals';

/** 8-bit RGB, row-major, 3 bytes per pixel (sharp's raw output after removeAlpha). */
export interface RgbImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Float RGB, row-major, 3 values per pixel, in 0..1 (torchvision ToTensor's units). */
export interface RgbFloatImage {
  width: number;
  height: number;
  data: Float32Array;
}

/** CLIP's pixel mean (0..1 units), the fill colour METHODS.md names for the local image. */
export const CLIP_MEAN: readonly [number, number, number] = [0.48145466, 0.4578275, 0.40821073];

export function checkRgb(what: string, image: { width: number; height: number; data: ArrayLike<number> }): void {
  const { width: w, height: h } = image;
  if (!Number.isInteger(w) || !Number.isInteger(h) || w <= 0 || h <= 0) {
    throw new Error(`${what}: image size must be positive integers, got ${w}x${h}`);
  }
  if (image.data.length !== w * h * 3) {
    throw new Error(`${what}: has ${image.data.length} values, expected ${w}x${h}x3 = ${w * h * 3}`);
  }
}

export interface LocalImageOptions {
  /** Colour outside the proposal, 0..1 RGB. GL-CLIP's code fills with ImageNet's mean; the spec says CLIP's. */
  fill?: readonly [number, number, number];
  /** Crop to the proposal's box (GL-CLIP, SAM-CLIP) or keep the whole frame (HybridGL's local stream). */
  crop?: boolean;
}

/** I·M + (1 − M)·c in 0..1 units, cropped to M's pixel-extent box when asked. */
export function localImage(image: RgbImage, proposal: ProposalMask, options: LocalImageOptions = {}): RgbFloatImage {
  checkRgb('local image', image);
  const { width: w, height: h } = image;
  if (proposal.width !== w || proposal.height !== h) {
    throw new Error(`local image: proposal is ${proposal.width}x${proposal.height}, the image is ${w}x${h}`);
  }
  const fill = options.fill ?? CLIP_MEAN;
  let [x0, y0, cw, ch] = [0, 0, w, h];
  if (options.crop) {
    [x0, y0, cw, ch] = proposalBox(proposal);
    if (cw === 0) throw new Error('local image: cannot crop to an empty proposal');
  }
  const m = proposalToMask(proposal).data;
  const src = image.data;
  const out = new Float32Array(cw * ch * 3);
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      const i = (y0 + y) * w + x0 + x;
      const o = (y * cw + x) * 3;
      if (m[i] !== 0) {
        out[o] = src[i * 3] / 255;
        out[o + 1] = src[i * 3 + 1] / 255;
        out[o + 2] = src[i * 3 + 2] / 255;
      } else {
        out[o] = fill[0];
        out[o + 1] = fill[1];
        out[o + 2] = fill[2];
      }
    }
  }
  return { width: cw, height: ch, data: out };
}
