// CLIP's input normalisation (METHODS.md §0.1): RGB pixel values scaled to [0, 1], then (x − mean) / std per
// channel, laid out as [3, H, W].
export const CLIP_MEAN: readonly [number, number, number] = [0.48145466, 0.4578275, 0.40821073];
export const CLIP_STD: readonly [number, number, number] = [0.26862954, 0.26130258, 0.27577711];

/**
 * How an image becomes the model input. `stretch` resizes the whole image to exactly the input size, so every
 * patch covers a known part of it (CoPatch, HybridGL, GL-CLIP: "no centre crop"); `center-crop` is CLIP's own
 * processor: the short side to the input size, then the centre cut out.
 */
export type ClipResize = 'stretch' | 'center-crop';

export interface ClipPixels {
  /** [1, 3, H, W], normalised. */
  data: Float32Array;
  dims: [1, 3, number, number];
}

/** Normalises interleaved 8-bit RGB (HWC) into CLIP's planar [1, 3, H, W] input. */
export function normaliseRgb(rgb: Uint8Array, height: number, width: number): ClipPixels {
  const plane = height * width;
  if (rgb.length !== plane * 3) throw new Error(`RGB buffer has ${rgb.length} bytes, expected ${height}×${width}×3`);
  const data = new Float32Array(plane * 3);
  for (let c = 0; c < 3; c++) {
    const scale = 1 / (255 * CLIP_STD[c]);
    const shift = CLIP_MEAN[c] / CLIP_STD[c];
    const out = c * plane;
    for (let i = 0; i < plane; i++) data[out + i] = rgb[i * 3 + c] * scale - shift;
  }
  return { data, dims: [1, 3, height, width] };
}

/**
 * Decodes an image file (EXIF orientation applied, alpha dropped) and resizes it with bicubic interpolation, as
 * CLIP's processor does, into the normalised model input. Runs in the inference worker: decoding and resizing a
 * photo is CPU work that must stay off the main thread.
 */
export async function clipPixelValues(
  image: string | Uint8Array,
  size: readonly [number, number],
  resize: ClipResize = 'stretch',
): Promise<ClipPixels> {
  const [height, width] = size;
  const { default: sharp } = await import('sharp');
  const { data } = await sharp(image)
    .rotate()
    .removeAlpha()
    .toColourspace('srgb')
    .resize(width, height, { fit: resize === 'stretch' ? 'fill' : 'cover', position: 'centre', kernel: 'cubic' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return normaliseRgb(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), height, width);
}
