import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  deleteAnnotation,
  getAnnotation,
  getHistory,
  insertAnnotations,
  listAnnotations,
  revertTo,
  saveAnnotation,
  setStatus,
  type SaveAnnotationInput,
} from '../../../src/main/services/annotations';
import { ensureCategory } from '../../../src/main/services/categories';
import { addExpression } from '../../../src/main/services/expressions';
import { saveCandidates } from '../../../src/main/services/predictions';
import { openStore } from '../../../src/main/store/open-store';
import { ConflictError, NotFoundError } from '../../../src/main/store/errors';
import { openTempStore, type TempStore } from '../store/temp-store';
import { rect, seedDataset } from './seed';

// Images are 6 high and 8 wide; rect(6, 8, x, y, w, h) has area w*h and bbox [x, y, w, h].
const SMALL = rect(6, 8, 2, 1, 3, 2);
const BIG = rect(6, 8, 0, 0, 4, 5);
const OTHER = rect(6, 8, 5, 3, 2, 2);

describe('annotations', () => {
  let t: TempStore;
  let imageId: number;
  let otherImageId: number;
  let categoryId: number;
  let foreignCategoryId: number;
  let expressionId: number;

  before(async () => {
    t = await openTempStore();
    const seeded = await seedDataset(t.store, 'ann', ['one.jpg', 'two.jpg']);
    [imageId, otherImageId] = seeded.imageIds;
    categoryId = (await ensureCategory(t.store, { datasetId: seeded.datasetId, name: 'horse' })).id;
    const foreign = await seedDataset(t.store, 'foreign', ['f.jpg']);
    foreignCategoryId = (await ensureCategory(t.store, { datasetId: foreign.datasetId, name: 'horse' })).id;
    expressionId = (await addExpression(t.store, { imageId, text: 'the white horse' })).id;
  });
  after(() => t.dispose());

  const base = (): SaveAnnotationInput => ({
    imageId,
    mask: SMALL,
    categoryId,
    expressionId,
    status: 'accepted',
    provenance: 'manual',
    author: 'user',
  });

  it('creates version 1 with area and box computed from the mask', async () => {
    const made = await saveAnnotation(t.store, base());
    assert.equal(made.version, 1);
    assert.equal(made.area, 6);
    assert.deepEqual(made.bbox, [2, 1, 3, 2]);
    assert.deepEqual(made.mask, SMALL);
    assert.equal(made.edited, false);
    assert.equal(made.categoryId, categoryId);
    assert.equal(made.expressionId, expressionId);
    const history = await getHistory(t.store, made.id);
    assert.equal(history.length, 1);
    assert.deepEqual(
      { version: history[0].version, author: history[0].author, status: history[0].status, mask: history[0].mask },
      { version: 1, author: 'user', status: 'accepted', mask: SMALL },
    );
  });

  it('bumps the version and appends history on every save, and reverts by writing a new version', async () => {
    const v1 = await saveAnnotation(t.store, base());
    const v2 = await saveAnnotation(t.store, { ...base(), id: v1.id, mask: BIG, categoryId: null });
    assert.equal(v2.version, 2);
    assert.equal(v2.area, 20);
    assert.deepEqual(v2.bbox, [0, 0, 4, 5]);
    const v3 = await setStatus(t.store, v1.id, 'rejected', 'user');
    assert.equal(v3.version, 3);
    assert.deepEqual(v3.mask, BIG);
    assert.equal(v3.status, 'rejected');

    const back = await revertTo(t.store, v1.id, 1);
    assert.equal(back.version, 4);
    assert.deepEqual(back.mask, SMALL);
    assert.equal(back.area, 6);
    assert.deepEqual(back.bbox, [2, 1, 3, 2]);
    assert.equal(back.status, 'accepted');
    assert.equal(back.categoryId, categoryId);

    const forward = await revertTo(t.store, v1.id, 3);
    assert.equal(forward.version, 5);
    assert.deepEqual(forward.mask, BIG);
    assert.equal(forward.status, 'rejected');
    assert.equal(forward.categoryId, null);

    const history = await getHistory(t.store, v1.id);
    assert.deepEqual(
      history.map((h) => [h.version, h.status, h.mask.counts === SMALL.counts ? 'small' : 'big']),
      [
        [1, 'accepted', 'small'],
        [2, 'accepted', 'big'],
        [3, 'rejected', 'big'],
        [4, 'accepted', 'small'],
        [5, 'rejected', 'big'],
      ],
    );
    assert.deepEqual(await getAnnotation(t.store, v1.id), forward);
    await assert.rejects(revertTo(t.store, v1.id, 9), /annotation \d+ has no version 9/);
  });

  it('marks a candidate edited when a person changes its mask, and restores the flag on revert', async () => {
    const [candidate] = await saveCandidates(t.store, {
      expressionId,
      method: 'copatch',
      candidates: [{ mask: SMALL, score: 0.9 }],
    });
    const proposed = await saveAnnotation(t.store, {
      ...base(),
      mask: SMALL,
      status: 'needs-review',
      provenance: 'candidate',
      candidateId: candidate.id,
      author: 'method:copatch',
    });
    assert.equal(proposed.edited, false);
    const accepted = await setStatus(t.store, proposed.id, 'accepted', 'user');
    assert.equal(accepted.edited, false, 'accepting as-is is not an edit');
    const sameMask = await saveAnnotation(t.store, {
      ...base(),
      id: proposed.id,
      provenance: 'candidate',
      mask: SMALL,
    });
    assert.equal(sameMask.edited, false, 'saving the same mask is not an edit');
    const edited = await saveAnnotation(t.store, { ...base(), id: proposed.id, provenance: 'candidate', mask: BIG });
    assert.equal(edited.edited, true);
    assert.equal(edited.candidateId, candidate.id, 'an update without candidateId keeps the link');
    const recategorised = await saveAnnotation(t.store, {
      ...base(),
      id: proposed.id,
      provenance: 'candidate',
      mask: BIG,
      categoryId: null,
    });
    assert.equal(recategorised.edited, true, 'edited stays set through a save that keeps the mask');
    const again = await saveAnnotation(t.store, { ...base(), id: proposed.id, provenance: 'candidate', mask: SMALL });
    assert.equal(again.edited, true, 'edited stays set when the mask is drawn back by hand');
    const reverted = await revertTo(t.store, proposed.id, 2);
    assert.equal(reverted.edited, false);

    const changedOnAccept = await saveAnnotation(t.store, {
      ...base(),
      mask: BIG,
      provenance: 'candidate',
      candidateId: candidate.id,
    });
    assert.equal(changedOnAccept.edited, true, "created by a person with a mask unlike its candidate's");

    const manual = await saveAnnotation(t.store, base());
    const redrawn = await saveAnnotation(t.store, { ...base(), id: manual.id, mask: BIG });
    assert.equal(redrawn.edited, false, 'a manual annotation is never "edited"');
  });

  describe('never lets a machine overwrite human work', () => {
    const machine = (id: number, over: Partial<SaveAnnotationInput> = {}): SaveAnnotationInput => ({
      ...base(),
      id,
      mask: OTHER,
      status: 'needs-review',
      provenance: 'candidate',
      author: 'method:hybridgl',
      ...over,
    });
    const proposal = () =>
      saveAnnotation(t.store, { ...base(), status: 'needs-review', provenance: 'candidate', author: 'method:copatch' });
    // The write starts only after `before` is read: started earlier, its rejection could land while nothing awaits it.
    const refused = async (work: () => Promise<unknown>, reason: RegExp, id: number) => {
      const before = await getAnnotation(t.store, id);
      await assert.rejects(work(), (error: Error) => {
        assert.ok(error instanceof ConflictError, error.message);
        assert.equal((error as ConflictError).code, 'conflict');
        assert.match(error.message, new RegExp(`annotation ${id}: method:hybridgl may not overwrite it`));
        assert.match(error.message, reason);
        return true;
      });
      assert.deepEqual(await getAnnotation(t.store, id), before, 'nothing changed');
    };

    it('lets a machine replace its own untouched proposal', async () => {
      const p = await proposal();
      const replaced = await saveAnnotation(t.store, machine(p.id));
      assert.equal(replaced.version, 2);
      assert.deepEqual(replaced.mask, OTHER);
      assert.equal(replaced.edited, false);
    });

    it('refuses once the annotation is accepted', async () => {
      const p = await proposal();
      await setStatus(t.store, p.id, 'accepted', 'user');
      await refused(() => saveAnnotation(t.store, machine(p.id)), /it is accepted/, p.id);
    });

    it('refuses once a person edited it, whatever its status', async () => {
      const p = await proposal();
      await saveAnnotation(t.store, {
        ...base(),
        id: p.id,
        provenance: 'candidate',
        status: 'needs-review',
        mask: BIG,
      });
      await refused(() => saveAnnotation(t.store, machine(p.id)), /a person edited it/, p.id);
    });

    it('refuses once a person rejected it or changed anything else last', async () => {
      const p = await proposal();
      await setStatus(t.store, p.id, 'rejected', 'user');
      await refused(() => saveAnnotation(t.store, machine(p.id)), /its last change was by user/, p.id);
      await refused(
        () => setStatus(t.store, p.id, 'needs-review', 'method:hybridgl'),
        /its last change was by user/,
        p.id,
      );
    });

    it('refuses drawn and ground-truth annotations', async () => {
      const drawn = await saveAnnotation(t.store, { ...base(), status: 'needs-review' });
      await refused(() => saveAnnotation(t.store, machine(drawn.id)), /drawn by hand/, drawn.id);
      const [gtId] = await t.store.write((tx) =>
        insertAnnotations(tx, [
          { imageId, mask: SMALL, status: 'needs-review', provenance: 'ground-truth', author: 'import' },
        ]),
      );
      await refused(() => saveAnnotation(t.store, machine(gtId)), /ground truth/, gtId);
      await refused(() => revertTo(t.store, gtId, 1, 'method:hybridgl'), /ground truth/, gtId);
    });
  });

  it('checks that the mask, category, expression and candidate belong to the image', async () => {
    await assert.rejects(
      saveAnnotation(t.store, { ...base(), mask: rect(8, 6, 0, 0, 1, 1) }),
      /new annotation of image \d+: mask is 8x6 \(height x width\) but image \d+ is 6x8/,
    );
    await assert.rejects(
      saveAnnotation(t.store, { ...base(), categoryId: foreignCategoryId }),
      new RegExp(`category ${foreignCategoryId} belongs to dataset \\d+, not \\d+`),
    );
    await assert.rejects(
      saveAnnotation(t.store, { ...base(), imageId: otherImageId }),
      new RegExp(`expression ${expressionId} is about image ${imageId}, not ${otherImageId}`),
    );
    await assert.rejects(saveAnnotation(t.store, { ...base(), categoryId: 999999 }), NotFoundError);
    await assert.rejects(saveAnnotation(t.store, { ...base(), candidateId: 999999 }), /candidate 999999 not found/);
    await assert.rejects(
      saveAnnotation(t.store, { ...base(), imageId: 999999, expressionId: null }),
      /image 999999 not found/,
    );
    await assert.rejects(
      saveAnnotation(t.store, { ...base(), mask: { size: [6, 8], counts: '=24' } }),
      /new annotation of image \d+: invalid mask: RLE counts sum to/,
    );
    await assert.rejects(saveAnnotation(t.store, { ...base(), status: 'done' as never }), /unknown status 'done'/);
    const made = await saveAnnotation(t.store, base());
    await assert.rejects(
      saveAnnotation(t.store, { ...base(), id: made.id, provenance: 'candidate' }),
      new RegExp(`annotation ${made.id}: provenance is 'manual' and cannot become 'candidate'`),
    );
    await assert.rejects(
      saveAnnotation(t.store, { ...base(), id: made.id, imageId: otherImageId, expressionId: null }),
      new RegExp(`annotation ${made.id}: belongs to image ${imageId}, not image ${otherImageId}`),
    );
    await assert.rejects(saveAnnotation(t.store, { ...base(), id: 999999 }), /annotation 999999 not found/);
  });

  it('inserts many annotations with their first versions in one transaction, or none', async () => {
    const before = (await listAnnotations(t.store, otherImageId)).length;
    const ids = await t.store.write((tx) =>
      insertAnnotations(tx, [
        {
          imageId: otherImageId,
          mask: SMALL,
          status: 'accepted',
          provenance: 'ground-truth',
          sourceId: 501,
          author: 'import',
        },
        {
          imageId: otherImageId,
          mask: BIG,
          categoryId,
          status: 'accepted',
          provenance: 'ground-truth',
          sourceId: 502,
          crowd: true,
          author: 'import',
        },
      ]),
    );
    const crowds = await t.store.read((db) =>
      db.all<{ iscrowd: number }>('SELECT iscrowd FROM annotations WHERE id IN (?, ?) ORDER BY id', ids),
    );
    assert.deepEqual(
      crowds.map((r) => r.iscrowd),
      [0, 1],
    );
    const listed = await listAnnotations(t.store, otherImageId);
    assert.deepEqual(
      listed.slice(before).map((a) => [a.id, a.sourceId, a.area, a.version, a.provenance]),
      [
        [ids[0], 501, 6, 1, 'ground-truth'],
        [ids[1], 502, 20, 1, 'ground-truth'],
      ],
    );
    assert.equal((await getHistory(t.store, ids[1]))[0].author, 'import');
    await assert.rejects(
      t.store.write((tx) =>
        insertAnnotations(tx, [
          {
            imageId: otherImageId,
            mask: SMALL,
            status: 'accepted',
            provenance: 'ground-truth',
            sourceId: 601,
            author: 'import',
          },
          {
            imageId: otherImageId,
            mask: rect(2, 2, 0, 0, 1, 1),
            status: 'accepted',
            provenance: 'ground-truth',
            sourceId: 602,
            author: 'import',
          },
        ]),
      ),
      /annotation 602 of image \d+: mask is 2x2/,
    );
    assert.equal((await listAnnotations(t.store, otherImageId)).length, before + 2);
  });

  it('maps bulk-inserted ids to their rows and first versions across batches', async () => {
    const masks = [SMALL, BIG, OTHER];
    const rows = Array.from({ length: 2100 }, (_, i) => ({
      imageId: i % 3 === 0 ? imageId : otherImageId,
      mask: masks[i % 3],
      categoryId: i % 2 ? categoryId : null,
      status: (['accepted', 'needs-review', 'rejected'] as const)[i % 3],
      provenance: 'ground-truth' as const,
      sourceId: 100_000 + i,
      author: i % 5 ? 'import' : 'user',
    }));
    const ids = await t.store.write((tx) => insertAnnotations(tx, rows));
    const stored = await t.store.read((db) =>
      db.all<{
        id: number;
        source_id: number;
        area: number;
        category_id: number | null;
        status: string;
        mask: string;
        author: string;
      }>(
        `SELECT a.id, a.source_id, a.area, a.category_id, a.status, v.mask, v.author
         FROM annotations a JOIN annotation_versions v ON v.annotation_id = a.id AND v.version = 1
         WHERE a.source_id >= 100000`,
      ),
    );
    assert.equal(stored.length, rows.length);
    const byId = new Map(stored.map((r) => [r.id, r]));
    const areas = [6, 20, 4];
    rows.forEach((row, i) => {
      const got = byId.get(ids[i])!;
      assert.deepEqual(
        [got.source_id, got.area, got.category_id, got.status, got.mask, got.author],
        [row.sourceId, areas[i % 3], row.categoryId, row.status, row.mask.counts, row.author],
      );
    });
  });

  it('deletes an annotation with its history', async () => {
    const made = await saveAnnotation(t.store, base());
    await saveAnnotation(t.store, { ...base(), id: made.id, mask: BIG });
    await deleteAnnotation(t.store, made.id);
    await assert.rejects(getAnnotation(t.store, made.id), NotFoundError);
    await assert.rejects(getHistory(t.store, made.id), NotFoundError);
    await assert.rejects(deleteAnnotation(t.store, made.id), NotFoundError);
  });

  it('keeps history across a restart, so undo still works', async () => {
    const made = await saveAnnotation(t.store, base());
    await saveAnnotation(t.store, { ...base(), id: made.id, mask: BIG });
    const file = t.store.file;
    await t.store.close();
    t.store = await openStore(file);
    const history = await getHistory(t.store, made.id);
    assert.deepEqual(
      history.map((h) => h.version),
      [1, 2],
    );
    const undone = await revertTo(t.store, made.id, 1);
    assert.deepEqual([undone.version, undone.area], [3, 6]);
  });
});
