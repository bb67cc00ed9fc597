import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { AnnotationStatus, Provenance } from '../../../src/shared/domain';
import { insertAnnotations } from '../../../src/main/services/annotations';
import { createDataset } from '../../../src/main/services/datasets';
import { insertExpressions } from '../../../src/main/services/expressions';
import {
  addImages,
  getImage,
  getImageBadges,
  listImages,
  type ImageFilter,
  type NewImage,
} from '../../../src/main/services/images';
import { ConflictError, NotFoundError } from '../../../src/main/store/errors';
import { openTempStore, type TempStore } from '../store/temp-store';
import { fakeSha, rect, seedDataset } from './seed';

type Ann = [AnnotationStatus, Provenance];
const A: Ann = ['accepted', 'manual'];
const GT: Ann = ['accepted', 'ground-truth'];
const NR: Ann = ['needs-review', 'candidate'];
const R: Ann = ['rejected', 'candidate'];

// Ten images and what is on each; the expected filter results below are read off this table by hand.
const LAYOUT: Record<string, { anns: Ann[]; expressions?: number }> = {
  'img00.jpg': { anns: [] },
  'img01.jpg': { anns: [A] },
  'img02.jpg': { anns: [NR] },
  'img03.jpg': { anns: [R] },
  'img04.jpg': { anns: [GT] },
  'img05.jpg': { anns: [A, NR] },
  'img06.jpg': { anns: [] },
  'img07.jpg': { anns: [NR, R] },
  'img08.jpg': { anns: [], expressions: 2 },
  'img09.jpg': { anns: [['accepted', 'candidate']] },
};

const EXPECTED: Record<ImageFilter, string[]> = {
  all: Object.keys(LAYOUT),
  unlabelled: ['img00.jpg', 'img03.jpg', 'img06.jpg', 'img08.jpg'],
  accepted: ['img01.jpg', 'img04.jpg', 'img05.jpg', 'img09.jpg'],
  'needs-review': ['img02.jpg', 'img05.jpg', 'img07.jpg'],
  'has-ground-truth': ['img04.jpg'],
};

describe('images', () => {
  let t: TempStore;
  let datasetId: number;
  const idByPath = new Map<string, number>();

  before(async () => {
    t = await openTempStore();
    // Inserted out of path order, so path order in the listing proves it sorts.
    const paths = Object.keys(LAYOUT).reverse();
    const seeded = await seedDataset(t.store, 'grid', paths);
    datasetId = seeded.datasetId;
    paths.forEach((p, i) => idByPath.set(p, seeded.imageIds[i]));
    await seedDataset(t.store, 'neighbour', ['img00.jpg', 'img01.jpg']);
    const mask = rect(6, 8, 1, 1, 2, 2);
    await t.store.write(async (tx) => {
      for (const [p, { anns, expressions = 0 }] of Object.entries(LAYOUT)) {
        const imageId = idByPath.get(p)!;
        await insertAnnotations(
          tx,
          anns.map(([status, provenance]) => ({ imageId, mask, status, provenance, author: 'import' })),
        );
        await insertExpressions(
          tx,
          Array.from({ length: expressions }, (_, i) => ({ imageId, text: `thing ${i}` })),
        );
      }
    });
  });
  after(() => t.dispose());

  for (const filter of Object.keys(EXPECTED) as ImageFilter[]) {
    it(`lists '${filter}' images in path order with the total`, async () => {
      const page = await listImages(t.store, { datasetId, filter });
      assert.equal(page.total, EXPECTED[filter].length);
      assert.deepEqual(
        page.items.map((i) => i.path),
        EXPECTED[filter],
      );
    });
  }

  it('pages with offset and limit, the total counting every page', async () => {
    const page = await listImages(t.store, { datasetId, offset: 3, limit: 4 });
    assert.equal(page.total, 10);
    assert.deepEqual(
      page.items.map((i) => i.path),
      ['img03.jpg', 'img04.jpg', 'img05.jpg', 'img06.jpg'],
    );
    const filtered = await listImages(t.store, { datasetId, filter: 'accepted', offset: 1, limit: 2 });
    assert.equal(filtered.total, 4);
    assert.deepEqual(
      filtered.items.map((i) => i.path),
      ['img04.jpg', 'img05.jpg'],
    );
    const past = await listImages(t.store, { datasetId, offset: 50, limit: 5 });
    assert.deepEqual(past, { total: 10, items: [] });
  });

  it('carries the badges of each image', async () => {
    const { items } = await listImages(t.store, { datasetId });
    const byPath = new Map(items.map((i) => [i.path, i]));
    const badges = (p: string) => {
      const { expressions, accepted, needsReview, groundTruth } = byPath.get(p)!;
      return { expressions, accepted, needsReview, groundTruth };
    };
    assert.deepEqual(badges('img05.jpg'), { expressions: 0, accepted: 1, needsReview: 1, groundTruth: 0 });
    assert.deepEqual(badges('img04.jpg'), { expressions: 0, accepted: 1, needsReview: 0, groundTruth: 1 });
    assert.deepEqual(badges('img08.jpg'), { expressions: 2, accepted: 0, needsReview: 0, groundTruth: 0 });
    assert.deepEqual(badges('img03.jpg'), { expressions: 0, accepted: 0, needsReview: 0, groundTruth: 0 });
    const item = byPath.get('img07.jpg')!;
    assert.equal(item.id, idByPath.get('img07.jpg'));
    assert.equal(item.datasetId, datasetId);
    assert.equal(item.width, 8);
    assert.equal(item.height, 6);
    assert.equal(item.sourceId, null);

    const fresh = await getImageBadges(t.store, [idByPath.get('img07.jpg')!, idByPath.get('img08.jpg')!, 999999]);
    assert.equal(fresh.size, 2);
    assert.deepEqual(fresh.get(idByPath.get('img07.jpg')!), {
      expressions: 0,
      accepted: 0,
      needsReview: 1,
      groundTruth: 0,
    });
  });

  it('gets one image, or says it is missing', async () => {
    const image = await getImage(t.store, idByPath.get('img02.jpg')!);
    assert.equal(image.path, 'img02.jpg');
    await assert.rejects(
      getImage(t.store, 999999),
      (error: Error) => error instanceof NotFoundError && /image 999999/.test(error.message),
    );
  });

  it('refuses bad image records, rolling back the whole batch', async () => {
    const { id } = await createDataset(t.store, { name: 'strict', root: '/data/strict' });
    const good: NewImage = { datasetId: id, path: 'ok/a.png', width: 2, height: 2, sha256: fakeSha(1), bytes: 5 };
    const cases: [Partial<NewImage>, RegExp][] = [
      [{ path: '/abs/a.png' }, /relative to the dataset root/],
      [{ path: 'dir\\a.png' }, /forward slashes/],
      [{ path: 'dir/../a.png' }, /'\.\.' parts/],
      [{ width: 0 }, /size 0x2/],
      [{ sha256: 'abc' }, /sha256 'abc'/],
      [{ datasetId: 999999 }, /image 'ok\/b.png' \(dataset 999999\): dataset 999999 not found/],
    ];
    for (const [change, message] of cases) {
      await assert.rejects(addImages(t.store, [good, { ...good, path: 'ok/b.png', ...change }]), message);
    }
    await assert.rejects(addImages(t.store, [good, { ...good }]), /image 'ok\/a.png' \(dataset \d+\): listed twice/);
    await addImages(t.store, [good]);
    await assert.rejects(addImages(t.store, [{ ...good, path: 'ok/c.png' }, good]), (error: Error) => {
      assert.ok(error instanceof ConflictError);
      assert.match(error.message, new RegExp(`image 'ok/a.png' \\(dataset ${id}\\): already in the dataset`));
      return true;
    });
    assert.deepEqual(
      (await listImages(t.store, { datasetId: id })).items.map((i) => i.path),
      ['ok/a.png'],
    );
  });

  it('pages deep into a large dataset in path order', async () => {
    const { id } = await createDataset(t.store, { name: 'large', root: '/data/large' });
    const n = 2500;
    const order = Array.from({ length: n }, (_, i) => (i * 7919) % n);
    const ids = await addImages(
      t.store,
      order.map((k) => ({
        datasetId: id,
        path: `frames/${String(k).padStart(5, '0')}.jpg`,
        width: 4,
        height: 4,
        sha256: fakeSha(k),
        bytes: k,
      })),
    );
    const stored = await t.store.read((db) =>
      db.all<{ id: number; path: string; bytes: number }>('SELECT id, path, bytes FROM images WHERE dataset_id = ?', [
        id,
      ]),
    );
    const byId = new Map(stored.map((row) => [row.id, row]));
    order.forEach((k, i) => {
      assert.equal(byId.get(ids[i])?.path, `frames/${String(k).padStart(5, '0')}.jpg`, `id of input ${i}`);
      assert.equal(byId.get(ids[i])?.bytes, k);
    });
    const page = await listImages(t.store, { datasetId: id, offset: 2490, limit: 20 });
    assert.equal(page.total, n);
    assert.deepEqual(
      page.items.map((i) => i.path),
      Array.from({ length: 10 }, (_, i) => `frames/${String(2490 + i).padStart(5, '0')}.jpg`),
    );
    const unlabelled = await listImages(t.store, { datasetId: id, filter: 'unlabelled', limit: 1 });
    assert.equal(unlabelled.total, n);
  });
});
