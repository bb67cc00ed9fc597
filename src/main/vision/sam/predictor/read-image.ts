// Decodes an image file to 8-bit RGB with sharp, upright (EXIF orientation applied), alpha dropped.
import sharp from 'sharp';
import type { RgbImage } from '../../methods/shared/image';

export async function readRgbImage(path: string): Promise<RgbImage> {
  try {
    const { data, info } = await sharp(path).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer({
      resolveWithObject: true,
    });
    if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (err) {
    throw new Error(`${path}: cannot decode the image (${(err as Error).message})`, { cause: err });
  }
}
