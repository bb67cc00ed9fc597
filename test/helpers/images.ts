// Generates small real image files (not mocks: sharp encodes them) for import tests.
import { mkdir } from 'node:fs/promises';
import { dirname, extname } from 'node:path';
import sharp from 'sharp';

/** Writes a width × height image whose format follows the extension; the pixels are a seeded gradient. */
export async function writeTestImage(path: string, width: number, height: number, seed = 0): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      pixels[i] = (x * 7 + seed * 31) & 255;
      pixels[i + 1] = (y * 5 + seed * 17) & 255;
      pixels[i + 2] = (x * y + seed) & 255;
    }
  }
  const image = sharp(pixels, { raw: { width, height, channels: 3 } });
  const ext = extname(path).toLowerCase();
  if (ext === '.png') await image.png().toFile(path);
  else if (ext === '.webp') await image.webp().toFile(path);
  else await image.jpeg({ quality: 90 }).toFile(path);
}

/** Writes every image a COCO document lists, at its stated size, under root. */
export async function writeCocoImages(
  root: string,
  images: readonly { file_name: string; width: number; height: number }[],
): Promise<void> {
  let seed = 0;
  for (const image of images) await writeTestImage(`${root}/${image.file_name}`, image.width, image.height, seed++);
}
