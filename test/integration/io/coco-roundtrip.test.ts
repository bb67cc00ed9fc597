// A COCO file mixing polygons, uncompressed RLE, compressed RLE and a crowd region imports and exports again; every
// exported mask must equal what pycocotools computes for the original annotation (fixtures made by
// test/tools/make_coco_fixture.py).
import assert from 'node:assert/strict';
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeRle, polygonsToRle, runsFromRle, runsOverlap } from '../../../src/main/masks';
import { exportDataset } from '../../../src/main/services/export';
import { importPath } from '../../../src/main/services/import';
import { openStore } from '../../../src/main/store/open-store';
import { writeCocoImages } from '../../helpers/images';
import { withTempDir } from '../../helpers/temp-dir';

const FIXTURES = new URL('../../fixtures/io/', import.meta.url);

interface Expected {
  counts: string;
  size: [number, number];
  area: number;
  bbox: [number, number, number, number];
}

async function fixture<T>(name: string): Promise<T> {
  return JSON.parse(await readFile(new URL(name, FIXTURES), 'utf8')) as T;
}

async function importMixed(dir: string) {
  const coco = await fixture<{ images: { file_name: string; width: number; height: number }[] }>('coco-mixed.json');
  await writeCocoImages(join(dir, 'images'), coco.images);
  await copyFile(new URL('coco-mixed.json', FIXTURES), join(dir, 'images', 'instances.json'));
  const store = await openStore(join(dir, 'db.sqlite'));
  const report = await importPath(store, { path: join(dir, 'images', 'instances.json'), name: 'mixed' });
  return { store, report };
}

test('mixed COCO imports and exports as RLE with the pixels pycocotools computes', async () => {
  await withTempDir(async (dir) => {
    const expected = await fixture<Record<string, Expected>>('coco-mixed.expected.json');
    const { store, report } = await importMixed(dir);
    try {
      assert.deepEqual(
        { images: report.images, categories: report.categories, annotations: report.annotations },
        { images: 3, categories: 3, annotations: 6 },
      );
      const out = join(dir, 'out.json');
      const exported = await exportDataset(store, {
        datasetId: report.datasetId,
        format: 'coco',
        out,
        segmentation: 'rle',
        include: 'gt',
      });
      assert.equal(exported.annotations, 6);
      const doc = JSON.parse(await readFile(out, 'utf8'));
      assert.deepEqual(
        doc.images.map((i: { id: number; file_name: string }) => [i.id, i.file_name]),
        [
          [11, 'a.jpg'],
          [12, 'nested/b.png'],
          [13, 'c.webp'],
        ],
      );
      assert.deepEqual(
        doc.categories.map((c: { id: number; name: string }) => [c.id, c.name]).sort(),
        [
          [1, 'person'],
          [18, 'dog'],
          [3, 'car'],
        ].sort(),
      );
      for (const annotation of doc.annotations) {
        const want = expected[String(annotation.id)];
        assert.ok(want, `annotation ${annotation.id} is in the fixture`);
        assert.deepEqual(
          annotation.segmentation,
          { size: want.size, counts: want.counts },
          `annotation ${annotation.id}`,
        );
        assert.equal(annotation.area, want.area, `area of ${annotation.id}`);
        assert.deepEqual(annotation.bbox, want.bbox, `bbox of ${annotation.id}`);
        assert.equal(annotation.iscrowd, annotation.id === 105 ? 1 : 0, `iscrowd of ${annotation.id}`);
      }
    } finally {
      await store.close();
    }
  });
});

test('only accepted annotations export by default; ground truth needs --include gt', async () => {
  await withTempDir(async (dir) => {
    const { store, report } = await importMixed(dir);
    try {
      const out = join(dir, 'accepted.json');
      const exported = await exportDataset(store, {
        datasetId: report.datasetId,
        format: 'coco',
        out,
        segmentation: 'rle',
        include: 'accepted',
      });
      assert.equal(exported.annotations, 0);
      assert.match(exported.warnings.join('\n'), /no annotations matched/);
      assert.equal(JSON.parse(await readFile(out, 'utf8')).images.length, 3);
    } finally {
      await store.close();
    }
  });
});

test('polygon export warns about the hole it cannot keep and re-rasterises close to the mask', async () => {
  await withTempDir(async (dir) => {
    const expected = await fixture<Record<string, Expected>>('coco-mixed.expected.json');
    const { store, report } = await importMixed(dir);
    try {
      const out = join(dir, 'poly.json');
      const exported = await exportDataset(store, {
        datasetId: report.datasetId,
        format: 'coco',
        out,
        segmentation: 'polygon',
        include: 'gt',
      });
      // Annotation 103 is a ring: its hole cannot be a COCO polygon.
      assert.match(exported.warnings.join('\n'), /lost 1 hole\(s\) in 1 annotation\(s\).*103/);
      const doc = JSON.parse(await readFile(out, 'utf8'));
      for (const annotation of doc.annotations) {
        if (!Array.isArray(annotation.segmentation)) continue;
        const want = expected[String(annotation.id)];
        const got = runsFromRle(polygonsToRle(annotation.segmentation, want.size[0], want.size[1]));
        const overlap = runsOverlap(got, runsFromRle({ size: want.size, counts: want.counts }));
        const missing = overlap.union - overlap.intersection;
        if (annotation.id === 103) {
          assert.equal(missing, decodeRle(want).data.length - want.area - countOutside(want), 'only the hole differs');
        } else {
          assert.ok(missing <= want.area * 0.05, `annotation ${annotation.id}: ${missing} pixels differ`);
        }
      }
    } finally {
      await store.close();
    }
  });
});

/** Pixels of a mask's size that lie outside its filled outline: for a ring, everything but the ring and its hole. */
function countOutside(rle: Expected): number {
  const mask = decodeRle(rle);
  const { width, height, data } = mask;
  const seen = new Uint8Array(data.length);
  const stack: number[] = [];
  for (let x = 0; x < width; x++) stack.push(x, (height - 1) * width + x);
  for (let y = 0; y < height; y++) stack.push(y * width, y * width + width - 1);
  let outside = 0;
  while (stack.length) {
    const i = stack.pop()!;
    if (seen[i] || data[i]) continue;
    seen[i] = 1;
    outside++;
    const x = i % width;
    if (x > 0) stack.push(i - 1);
    if (x < width - 1) stack.push(i + 1);
    if (i >= width) stack.push(i - width);
    if (i < data.length - width) stack.push(i + width);
  }
  return outside;
}
