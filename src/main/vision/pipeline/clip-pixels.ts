// Turns pixels and proposals into CLIP graph inputs: the whole image stretched to the model input (every patch
// covers a known part of the image), a proposal's local image resized the same way, and a proposal's mask as
// per-patch weights for token masking.
import sharp from 'sharp';
import { normaliseRgb } from '../clip/preprocess';
import type { RgbFloatImage, RgbImage } from '../methods/shared/image';
import { type ProposalMask, proposalToMask } from '../methods/shared/proposals';

/** Bicubic resize of 8-bit RGB to size × size, then CLIP's normalisation: [3, size, size] planar floats. */
export async function stretchToClip(image: RgbImage, size: number): Promise<Float32Array> {
  const { data } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(size, size, { fit: 'fill', kernel: 'cubic' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return normaliseRgb(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), size, size).data;
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
