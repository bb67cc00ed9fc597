// The tiny 1024-frame SAM checkpoint in a temp folder and small synthetic scenes, for the SamProposals tests.
import { createHash } from 'node:crypto';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RgbImage } from '../../../../src/main/vision/methods/shared/image';

const CHECKPOINT = join(import.meta.dirname, '../../../fixtures/vision/sam/frame1024-w14');

export async function copySamCheckpoint(dir: string): Promise<void> {
  for (const f of ['model.safetensors', 'config.json']) await copyFile(join(CHECKPOINT, f), join(dir, f));
}

/** A disc on a gradient; `seed` moves the disc, so different seeds are different images. */
export function scene(seed: number, width = 120, height = 80): RgbImage {
  const data = new Uint8Array(width * height * 3);
  const cx = 30 + ((seed * 17) % 50);
  const cy = 30 + ((seed * 11) % 20);
  for (let i = 0; i < width * height; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    const inside = (x - cx) ** 2 + (y - cy) ** 2 < 18 ** 2;
    data.set(inside ? [230, 30, 30] : [20, (x * 3 + seed) % 256, (y * 5) % 256], i * 3);
  }
  return { width, height, data };
}

/** Stands in for the image file's SHA-256. */
export function sceneSha(seed: number): string {
  return createHash('sha256').update(`scene ${seed}`).digest('hex');
}

/** An image loader that counts its calls. */
export function loader(image: RgbImage): (() => Promise<RgbImage>) & { calls: number } {
  const load = Object.assign(
    async () => {
      load.calls++;
      return image;
    },
    { calls: 0 },
  );
  return load;
}
