// What a labeling session produces exports correctly: annotations accepted for typed expressions become RefCOCO
// refs with their sentences, PNG masks hold exactly the mask's pixels, and the include rule picks what goes out.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { encodeRle, maskFromData } from '../../../src/main/masks';
import { saveAnnotation } from '../../../src/main/services/annotations';
import { ensureCategory } from '../../../src/main/services/categories';
import { exportDataset } from '../../../src/main/services/export';
import { addExpression } from '../../../src/main/services/expressions';
import { importPath } from '../../../src/main/services/import';
import { listImages } from '../../../src/main/services/images';
import { openStore } from '../../../src/main/store/open-store';
import type { Store } from '../../../src/main/store/types';
import { writeTestImage } from '../../helpers/images';
import { withTempDir } from '../../helpers/temp-dir';

const W = 12;
const H = 9;

/** A w×h mask with the rectangle [x0, x1) × [y0, y1) set. */
function box(x0: number, y0: number, x1: number, y1: number) {
  const data = new Uint8Array(W * H);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * W + x] = 1;
  return maskFromData(W, H, data);
}

async function labelledDataset(store: Store, dir: string) {
  await writeTestImage(join(dir, 'photos', 'street', 'a.jpg'), W, H, 1);
  await writeTestImage(join(dir, 'photos', 'b.png'), W, H, 2);
  const { datasetId } = await importPath(store, { path: join(dir, 'photos'), name: 'street' });
  const { items } = await listImages(store, { datasetId });
  const [b, a] = items.sort((x, y) => y.path.localeCompare(x.path));
  assert.equal(a.path, 'b.png');
  assert.equal(b.path, 'street/a.jpg');
  const car = await ensureCategory(store, { datasetId, name: 'car' });
  const left = await addExpression(store, { imageId: b.id, text: 'The red car, on the LEFT!' });
  const right = await addExpression(store, { imageId: b.id, text: 'car on the right' });
  const accepted = await saveAnnotation(store, {
    imageId: b.id,
    mask: encodeRle(box(1, 2, 5, 7)),
    categoryId: car.id,
    expressionId: left.id,
    status: 'accepted',
    provenance: 'manual',
    author: 'user',
  });
  const review = await saveAnnotation(store, {
    imageId: b.id,
    mask: encodeRle(box(7, 1, 11, 4)),
    categoryId: null,
    expressionId: right.id,
    status: 'needs-review',
    provenance: 'manual',
    author: 'user',
  });
  return { datasetId, accepted, review, car };
}

test('accepted annotations export as RefCOCO refs with their typed sentences', async () => {
  await withTempDir(async (dir) => {
    const store = await openStore(join(dir, 'db.sqlite'));
    try {
      const { datasetId } = await labelledDataset(store, dir);
      const out = join(dir, 'refcoco');
      const report = await exportDataset(store, {
        datasetId,
        format: 'refcoco',
        out,
        segmentation: 'rle',
        include: 'accepted',
      });
      assert.deepEqual([report.images, report.annotations, report.expressions], [2, 1, 1]);
      const refs = JSON.parse(await readFile(join(out, 'refs(reflabel).json'), 'utf8'));
      const instances = JSON.parse(await readFile(join(out, 'instances.json'), 'utf8'));
      assert.deepEqual(refs, [
        {
          ref_id: 1,
          ann_id: instances.annotations[0].id,
          image_id: instances.images.find((i: { file_name: string }) => i.file_name === 'street/a.jpg').id,
          category_id: instances.categories.find((c: { name: string }) => c.name === 'car').id,
          split: 'none',
          file_name: 'street/a.jpg',
          sent_ids: [1],
          sentences: [
            {
              raw: 'The red car, on the LEFT!',
              sent: 'the red car on the left',
              tokens: ['the', 'red', 'car', 'on', 'the', 'left'],
              sent_id: 1,
            },
          ],
        },
      ]);
      assert.deepEqual(instances.annotations[0].bbox, [1, 2, 4, 5]);
      assert.equal(instances.annotations[0].area, 20);
      assert.deepEqual(
        instances.categories.map((c: { id: number; name: string }) => [c.id, c.name]),
        [[1, 'car']],
      );
    } finally {
      await store.close();
    }
  });
});

test('include=all adds annotations still under review, with a fallback category for the uncategorised', async () => {
  await withTempDir(async (dir) => {
    const store = await openStore(join(dir, 'db.sqlite'));
    try {
      const { datasetId } = await labelledDataset(store, dir);
      const out = join(dir, 'all.json');
      const report = await exportDataset(store, {
        datasetId,
        format: 'coco',
        out,
        segmentation: 'rle',
        include: 'all',
      });
      assert.equal(report.annotations, 2);
      assert.match(report.warnings.join('\n'), /1 annotation\(s\) have no category and were exported as 'object'/);
      const doc = JSON.parse(await readFile(out, 'utf8'));
      assert.deepEqual(
        doc.categories.map((c: { id: number; name: string }) => [c.id, c.name]),
        [
          [1, 'car'],
          [2, 'object'],
        ],
      );
      assert.deepEqual(
        doc.annotations.map((a: { category_id: number; iscrowd: number }) => [a.category_id, a.iscrowd]),
        [
          [1, 0],
          [2, 0],
        ],
      );
    } finally {
      await store.close();
    }
  });
});

test('PNG masks hold exactly the mask pixels, listed in masks.json with their sentences', async () => {
  await withTempDir(async (dir) => {
    const store = await openStore(join(dir, 'db.sqlite'));
    try {
      const { datasetId } = await labelledDataset(store, dir);
      const out = join(dir, 'png');
      const report = await exportDataset(store, { datasetId, format: 'png', out, segmentation: 'rle', include: 'all' });
      assert.equal(report.annotations, 2);
      const manifest = JSON.parse(await readFile(join(out, 'masks.json'), 'utf8'));
      assert.deepEqual(
        manifest.map((m: { file: string; category: string | null; expressions: string[] }) => [
          m.file,
          m.category,
          m.expressions,
        ]),
        [
          ['street/a/1.png', 'car', ['The red car, on the LEFT!']],
          ['street/a/2.png', null, ['car on the right']],
        ],
      );
      for (const [file, expected] of [
        ['street/a/1.png', box(1, 2, 5, 7)],
        ['street/a/2.png', box(7, 1, 11, 4)],
      ] as const) {
        const meta = await sharp(join(out, file)).metadata();
        assert.deepEqual([meta.format, meta.width, meta.height, meta.channels], ['png', W, H, 1]);
        const data = await sharp(join(out, file)).toColourspace('b-w').raw().toBuffer();
        assert.deepEqual(
          [...data].map((v) => (v === 255 ? 1 : v)),
          [...expected.data],
          file,
        );
      }
    } finally {
      await store.close();
    }
  });
});
