import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureCategories, ensureCategory, listCategories } from '../../../src/main/services/categories';
import {
  addExpression,
  deleteExpression,
  getExpression,
  insertExpressions,
  listDatasetExpressions,
  listExpressions,
} from '../../../src/main/services/expressions';
import { insertAnnotations } from '../../../src/main/services/annotations';
import { NotFoundError } from '../../../src/main/store/errors';
import { openTempStore, type TempStore } from '../store/temp-store';
import { rect, seedDataset } from './seed';

describe('categories', () => {
  let t: TempStore;
  let datasetId: number;
  before(async () => {
    t = await openTempStore();
    ({ datasetId } = await seedDataset(t.store, 'cats', ['a.jpg']));
  });
  after(() => t.dispose());

  it('gets or creates by name, filling in what was missing but never overwriting', async () => {
    const horse = await ensureCategory(t.store, { datasetId, name: ' horse ' });
    assert.deepEqual(
      { name: horse.name, supercategory: horse.supercategory, sourceId: horse.sourceId },
      { name: 'horse', supercategory: null, sourceId: null },
    );
    const filled = await ensureCategory(t.store, { datasetId, name: 'horse', supercategory: 'animal', sourceId: 19 });
    assert.equal(filled.id, horse.id);
    assert.equal(filled.supercategory, 'animal');
    assert.equal(filled.sourceId, 19);
    const kept = await ensureCategory(t.store, { datasetId, name: 'horse', supercategory: 'vehicle', sourceId: 3 });
    assert.deepEqual(kept, filled);
    const [dog, horseAgain] = await t.store.write((tx) =>
      ensureCategories(tx, [
        { datasetId, name: 'dog', supercategory: 'animal', sourceId: 18 },
        { datasetId, name: 'horse' },
      ]),
    );
    assert.equal(horseAgain.id, horse.id);
    assert.deepEqual(
      (await listCategories(t.store, datasetId)).map((c) => [c.id, c.name]),
      [
        [horse.id, 'horse'],
        [dog.id, 'dog'],
      ],
    );
    await assert.rejects(ensureCategory(t.store, { datasetId, name: '' }), /name is empty/);
    await assert.rejects(ensureCategory(t.store, { datasetId: 999999, name: 'x' }), /category 'x' \(dataset 999999\)/);
  });
});

describe('expressions', () => {
  let t: TempStore;
  let datasetId: number;
  let imageIds: number[];
  before(async () => {
    t = await openTempStore();
    ({ datasetId, imageIds } = await seedDataset(t.store, 'exprs', ['b.jpg', 'a.jpg']));
  });
  after(() => t.dispose());

  it('adds trimmed expressions with a default split and lists them per image and per dataset', async () => {
    const first = await addExpression(t.store, { imageId: imageIds[0], text: '  the tall man  ' });
    assert.deepEqual(
      {
        text: first.text,
        split: first.split,
        refId: first.refId,
        sentId: first.sentId,
        groundTruthId: first.groundTruthId,
      },
      { text: 'the tall man', split: 'none', refId: null, sentId: null, groundTruthId: null },
    );
    const [imported] = await t.store.write((tx) =>
      insertExpressions(tx, [{ imageId: imageIds[1], text: 'left cup', split: 'testA', refId: 7, sentId: 70 }]),
    );
    const second = await addExpression(t.store, { imageId: imageIds[0], text: 'his hat', split: 'val' });
    assert.deepEqual(
      (await listExpressions(t.store, imageIds[0])).map((e) => e.text),
      ['the tall man', 'his hat'],
    );
    const all = await listDatasetExpressions(t.store, datasetId);
    assert.deepEqual(
      all.map((e) => e.id),
      [imported, first.id, second.id],
      'image a.jpg before b.jpg',
    );
    const fromFile = await getExpression(t.store, imported);
    assert.deepEqual([fromFile.split, fromFile.refId, fromFile.sentId], ['testA', 7, 70]);
  });

  it('refuses empty text, unknown splits and missing images', async () => {
    await assert.rejects(addExpression(t.store, { imageId: imageIds[0], text: '   ' }), /image \d+: the text is empty/);
    await assert.rejects(
      addExpression(t.store, { imageId: imageIds[0], text: 'x', split: 'testC' as never }),
      /unknown split 'testC'/,
    );
    await assert.rejects(
      addExpression(t.store, { imageId: 999999, text: 'x' }),
      /expression 'x' \(image 999999\): image 999999 not found/,
    );
  });

  it('links imported expressions to ground truth on the same image, and maps ids across batches', async () => {
    const [gt] = await t.store.write((tx) =>
      insertAnnotations(tx, [
        {
          imageId: imageIds[1],
          mask: rect(6, 8, 0, 0, 1, 1),
          status: 'accepted',
          provenance: 'ground-truth',
          author: 'import',
        },
      ]),
    );
    const many = Array.from({ length: 2300 }, (_, i) => ({
      imageId: imageIds[i % 2],
      text: `sentence ${i}`,
      sentId: 10_000 + i,
      groundTruthId: i % 2 === 1 ? gt : null,
    }));
    const ids = await t.store.write((tx) => insertExpressions(tx, many));
    const rows = await t.store.read((db) =>
      db.all<{ id: number; text: string; sent_id: number; ground_truth_id: number | null }>(
        'SELECT id, text, sent_id, ground_truth_id FROM expressions WHERE sent_id >= 10000',
      ),
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    many.forEach((e, i) => {
      const row = byId.get(ids[i])!;
      assert.deepEqual([row.text, row.sent_id, row.ground_truth_id], [e.text, e.sentId, e.groundTruthId]);
    });
    await assert.rejects(
      t.store.write((tx) => insertExpressions(tx, [{ imageId: imageIds[0], text: 'wrong image', groundTruthId: gt }])),
      new RegExp(
        `expression 'wrong image' \\(image ${imageIds[0]}\\): ground-truth annotation ${gt} is on image ${imageIds[1]}`,
      ),
    );
    await assert.rejects(
      t.store.write((tx) => insertExpressions(tx, [{ imageId: imageIds[0], text: 'no gt', groundTruthId: 999999 }])),
      /annotation 999999 not found/,
    );
  });

  it('deletes an expression', async () => {
    const made = await addExpression(t.store, { imageId: imageIds[1], text: 'gone soon' });
    await deleteExpression(t.store, made.id);
    await assert.rejects(getExpression(t.store, made.id), NotFoundError);
    await assert.rejects(deleteExpression(t.store, made.id), NotFoundError);
  });
});
