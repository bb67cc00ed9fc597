// A dataset of many images written straight through the store (one transaction), for the large-dataset test and
// the UI benchmark. Only a few of the images exist on disk; the grid shows the rest without a preview, which is
// what a dataset on a slow or unmounted disk looks like too.
import { join } from 'node:path';
import { createDataset } from '../../src/main/services/datasets';
import { insertImages, type NewImage } from '../../src/main/services/images';
import type { Store } from '../../src/main/store/types';
import { writeTestImage } from '../helpers/images';

export const imageName = (i: number) => `img-${String(i).padStart(6, '0')}.jpg`;

export interface LargeDataset {
  datasetId: number;
  root: string;
  /** Indexes (in path order) whose files exist. */
  onDisk: number[];
  insertMs: number;
}

export async function seedLargeDataset(
  store: Store,
  dir: string,
  count: number,
  onDisk: number[],
): Promise<LargeDataset> {
  const root = join(dir, 'large');
  for (const i of onDisk) await writeTestImage(join(root, imageName(i)), 640, 480, i);
  const { id: datasetId } = await createDataset(store, { name: `large-${count}`, root });
  const images: NewImage[] = [];
  for (let i = 0; i < count; i++) {
    images.push({
      datasetId,
      path: imageName(i),
      width: 640,
      height: 480,
      sha256: i.toString(16).padStart(64, '0'),
      bytes: 50_000,
    });
  }
  const start = performance.now();
  await store.write((tx) => insertImages(tx, images));
  return { datasetId, root, onDisk, insertMs: performance.now() - start };
}
