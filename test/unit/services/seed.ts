// Small builders for service tests: rectangle masks with hand-known area and box, and images to hang them on.
import type { Rle } from '../../../src/shared/domain';
import { createMask, encodeRle } from '../../../src/main/masks';
import { createDataset } from '../../../src/main/services/datasets';
import { addImages } from '../../../src/main/services/images';
import type { Store } from '../../../src/main/store/types';

/** A height x width mask whose foreground is the rectangle at (x, y) of size w x h: area w*h, bbox [x, y, w, h]. */
export function rect(height: number, width: number, x: number, y: number, w: number, h: number): Rle {
  const mask = createMask(width, height);
  for (let row = y; row < y + h; row++) mask.data.fill(1, row * width + x, row * width + x + w);
  return encodeRle(mask);
}

/** A distinct, valid sha256 for a test image. */
export function fakeSha(n: number): string {
  return n.toString(16).padStart(64, '0');
}

/** A dataset with images at the given paths, all width x height. */
export async function seedDataset(
  store: Store,
  name: string,
  paths: readonly string[],
  size: { width: number; height: number } = { width: 8, height: 6 },
): Promise<{ datasetId: number; imageIds: number[] }> {
  const { id: datasetId } = await createDataset(store, { name, root: `/data/${name}` });
  const imageIds = await addImages(
    store,
    paths.map((p, i) => ({ datasetId, path: p, ...size, sha256: fakeSha(i + 1), bytes: 1000 + i })),
  );
  return { datasetId, imageIds };
}
