// Turns pixels and proposals into CLIP graph inputs: the whole image stretched to the model input (every patch
// covers a known part of the image), a proposal's local image resized the same way, and a proposal's mask as
// per-patch weights for token masking.
import sharp from 'sharp';
import { normaliseRgb } from '../clip/preprocess';
import type { RgbFloatImage, RgbImage } from '../methods/shared/image';
import { type ProposalMask, proposalToMask } from '../methods/shared/proposals';

/** torchvision's ImageNet statistics (0..1 units): the authors' HybridGL code normalises its global image with them. */
export const IMAGENET_MEAN: readonly [number, number, number] = [0.485, 0.456, 0.406];
export const IMAGENET_STD: readonly [number, number, number] = [0.229, 0.224, 0.225];

/** Bicubic resize of 8-bit RGB to size × size, still interleaved 8-bit RGB. */
async function stretch(image: RgbImage, size: number): Promise<Uint8Array> {
  const { data } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(size, size, { fit: 'fill', kernel: 'cubic' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Bicubic resize of 8-bit RGB to size × size, then CLIP's normalisation: [3, size, size] planar floats. */
export async function stretchToClip(image: RgbImage, size: number): Promise<Float32Array> {
  return normaliseRgb(await stretch(image, size), size, size).data;
}

/** Interleaved 8-bit RGB to planar (x / 255 − mean) / std per channel, as torchvision's ToTensor + Normalize. */
export function normalisePlanar(
  rgb: Uint8Array,
  mean: readonly [number, number, number],
  std: readonly [number, number, number],
): Float32Array {
  const plane = rgb.length / 3;
  const out = new Float32Array(rgb.length);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < plane; i++) out[c * plane + i] = (rgb[i * 3 + c] / 255 - mean[c]) / std[c];
  }
  return out;
}

/** The same resize as stretchToClip, normalised with ImageNet's statistics instead of CLIP's. */
export async function stretchToImageNet(image: RgbImage, size: number): Promise<Float32Array> {
  return normalisePlanar(await stretch(image, size), IMAGENET_MEAN, IMAGENET_STD);
}

/**
 * A local image (0..1 floats) as CLIP input. It is quantised to 8 bits first, as the authors' code builds a PIL
 * image from it before CLIP's preprocessing.
 */
export function localToClip(local: RgbFloatImage, size: number): Promise<Float32Array> {
  const bytes = new Uint8Array(local.data.length);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, local.data[i])) * 255);
  return stretchToClip({ width: local.width, height: local.height, data: bytes }, size);
}

/**
 * The fraction of each patch's image area the proposal covers, row-major over gridWidth × gridHeight (the mask
 * "resized to the patch grid" by area averaging). Patch cells are the image split evenly, matching the stretched
 * input.
 */
export function maskOnPatchGrid(proposal: ProposalMask, gridWidth: number, gridHeight: number): Float32Array {
  const mask = proposalToMask(proposal);
  const { width: w, height: h, data } = mask;
  const sums = new Float64Array(gridWidth * gridHeight);
  const counts = new Float64Array(gridWidth * gridHeight);
  for (let y = 0; y < h; y++) {
    const gy = Math.min(gridHeight - 1, Math.floor((y * gridHeight) / h));
    for (let x = 0; x < w; x++) {
      const cell = gy * gridWidth + Math.min(gridWidth - 1, Math.floor((x * gridWidth) / w));
      counts[cell]++;
      if (data[y * w + x] !== 0) sums[cell]++;
    }
  }
  return Float32Array.from(sums, (s, i) => (counts[i] ? s / counts[i] : 0));
}
