// SAM's input (METHODS.md §0.1): the image resized so its long side fills the frame (ResizeLongestSide's rounding,
// bilinear without antialiasing, as F.interpolate(align_corners=False)), normalised with the pixel mean and std in
// 0–255 units, and zero-padded bottom-right to frame × frame, laid out as [1, 3, frame, frame].
import { resizeBilinear } from '../../../masks';
import type { RgbImage } from '../../methods/shared/image';
import { checkRgb } from '../../methods/shared/image';
import { resizedShape, type Size } from '../amg/frame';

export const SAM_PIXEL_MEAN: readonly [number, number, number] = [123.675, 116.28, 103.53];
export const SAM_PIXEL_STD: readonly [number, number, number] = [58.395, 57.12, 57.375];

export interface SamInput {
  /** [1, 3, frame, frame] */
  pixels: Float32Array;
  frame: number;
  /** The image's size inside the frame. */
  resized: Size;
}

export function preprocessImage(image: RgbImage, frame = 1024): SamInput {
  checkRgb('SAM preprocessing', image);
  const { width, height, data } = image;
  const resized = resizedShape({ width, height }, frame);
  const pixels = new Float32Array(3 * frame * frame);
  const plane = new Float32Array(width * height);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < plane.length; i++) plane[i] = data[i * 3 + c];
    const scaled = resizeBilinear(plane, width, height, resized.width, resized.height);
    const mean = SAM_PIXEL_MEAN[c];
    const std = SAM_PIXEL_STD[c];
    const base = c * frame * frame;
    for (let y = 0; y < resized.height; y++) {
      const src = y * resized.width;
      const dst = base + y * frame;
      for (let x = 0; x < resized.width; x++) pixels[dst + x] = (scaled[src + x] - mean) / std;
    }
  }
  return { pixels, frame, resized };
}
