import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertAnnotations } from '../../../src/main/services/annotations';
import {
  createDataset,
  deleteDataset,
  getDataset,
  getDatasetByName,
  listDatasets,
} from '../../../src/main/services/datasets';
import { insertExpressions } from '../../../src/main/services/expressions';
import { ConflictError, NotFoundError } from '../../../src/main/store/errors';
import { openTempStore, type TempStore } from '../store/temp-store';
import { rect, seedDataset } from './seed';

describe('datasets', () => {
  let t: TempStore;
  before(async () => {
    t = await openTempStore();
  });
  after(() => t.dispose());

  it('creates a dataset and refuses a second one with the same name', async () => {
    const made = await createDataset(t.store, { name: '  horses ', root: '/data/horses' });
    assert.equal(made.name, 'horses');
    assert.equal(made.root, '/data/horses');
    assert.match(made.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    await assert.rejects(createDataset(t.store, { name: 'horses', root: '/elsewhere' }), (error: Error) => {
      assert.ok(error instanceof ConflictError);
      assert.match(error.message, new RegExp(`dataset name 'horses' is already used by dataset ${made.id}`));
      return true;
    });
  });

  it('refuses an empty name and a relative root', async () => {
    await assert.rejects(createDataset(t.store, { name: ' ', root: '/x' }), /name is empty/);
    await assert.rejects(
      createDataset(t.store, { name: 'rel', root: 'data/rel' }),
      /root 'data\/rel' is not an absolute path/,
    );
  });

  it('counts images, expressions and annotations by status and provenance', async () => {
    const { datasetId, imageIds } = await seedDataset(t.store, 'counted', ['a.jpg', 'b.jpg', 'c.jpg']);
    await seedDataset(t.store, 'other', ['z.jpg']);
    const [a, b] = imageIds;
    const mask = rect(6, 8, 0, 0, 2, 2);
    await t.store.write(async (tx) => {
      await insertExpressions(tx, [
        { imageId: a, text: 'left horse' },
        { imageId: a, text: 'right horse' },
        { imageId: b, text: 'the dog' },
      ]);
      await insertAnnotations(tx, [
        { imageId: a, mask, status: 'accepted', provenance: 'ground-truth', author: 'import' },
        { imageId: a, mask, status: 'accepted', provenance: 'manual', author: 'user' },
        { imageId: b, mask, status: 'needs-review', provenance: 'candidate', author: 'method:copatch' },
        { imageId: b, mask, status: 'rejected', provenance: 'candidate', author: 'method:copatch' },
      ]);
    });
    const summary = await getDataset(t.store, datasetId);
    assert.deepEqual(
      {
        images: summary.images,
        expressions: summary.expressions,
        annotations: summary.annotations,
        accepted: summary.accepted,
        needsReview: summary.needsReview,
        groundTruth: summary.groundTruth,
      },
      { images: 3, expressions: 3, annotations: 4, accepted: 2, needsReview: 1, groundTruth: 1 },
    );
    const listed = await listDatasets(t.store);
    const names = listed.map((d) => d.name);
    assert.deepEqual(names, [...names].sort());
    const other = listed.find((d) => d.name === 'other')!;
    assert.deepEqual(
      [other.images, other.expressions, other.annotations, other.accepted, other.needsReview, other.groundTruth],
      [1, 0, 0, 0, 0, 0],
    );
    assert.deepEqual(await getDatasetByName(t.store, 'counted'), summary);
  });

  it('reports a missing dataset by id and by name', async () => {
    await assert.rejects(
      getDataset(t.store, 424242),
      (error: Error) => error instanceof NotFoundError && /dataset 424242/.test(error.message),
    );
    await assert.rejects(getDatasetByName(t.store, 'nope'), /dataset 'nope' not found/);
    await assert.rejects(deleteDataset(t.store, 424242), NotFoundError);
  });

  it('deletes a dataset with everything in it', async () => {
    const { datasetId, imageIds } = await seedDataset(t.store, 'doomed', ['x.jpg']);
    await t.store.write((tx) =>
      insertAnnotations(tx, [
        {
          imageId: imageIds[0],
          mask: rect(6, 8, 1, 1, 1, 1),
          status: 'accepted',
          provenance: 'manual',
          author: 'user',
        },
      ]),
    );
    await deleteDataset(t.store, datasetId);
    await assert.rejects(getDataset(t.store, datasetId), NotFoundError);
    const left = await t.store.read((db) =>
      db.get<{ n: number }>('SELECT COUNT(*) AS n FROM annotations WHERE image_id = ?', [imageIds[0]]),
    );
    assert.equal(left?.n, 0);
  });
});
