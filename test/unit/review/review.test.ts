import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { saveAnnotation } from '../../../src/main/services/annotations';
import { addExpression } from '../../../src/main/services/expressions';
import { saveCandidates } from '../../../src/main/services/predictions';
import { methodAcceptance } from '../../../src/main/services/review';
import { openTempStore, type TempStore } from '../store/temp-store';
import { rect, seedDataset } from '../services/seed';

describe('methodAcceptance', () => {
  let t: TempStore;

  before(async () => {
    t = await openTempStore();
  });
  after(() => t.dispose());

  it('counts each method top-1 as accepted unedited, edited, rejected or pending', async () => {
    const { datasetId, imageIds } = await seedDataset(t.store, 'stats', ['a.jpg']);
    const imageId = imageIds[0];
    const other = await seedDataset(t.store, 'elsewhere', ['b.jpg']);
    const left = rect(6, 8, 0, 0, 3, 3);
    const right = rect(6, 8, 4, 0, 3, 3);
    const edit = rect(6, 8, 4, 0, 4, 4);
    const expr = async (text: string) => (await addExpression(t.store, { imageId, text })).id;
    const e1 = await expr('accepted as is');
    const e2 = await expr('accepted after an edit');
    const e3 = await expr('all rejected');
    const e4 = await expr('not decided');
    const e5 = await expr('waiting for review');
    const save = async (expressionId: number) => {
      const alpha = await saveCandidates(t.store, {
        expressionId,
        method: 'alpha',
        candidates: [
          { mask: left, score: 0.9 },
          { mask: right, score: 0.5 },
        ],
      });
      // beta agrees with alpha on e1 only.
      const betaTop = expressionId === e1 ? left : right;
      const beta = await saveCandidates(t.store, {
        expressionId,
        method: 'beta',
        candidates: [{ mask: betaTop, score: 1 }],
      });
      return { alpha, beta };
    };
    const c1 = await save(e1);
    const c2 = await save(e2);
    const c3 = await save(e3);
    await save(e4);
    const c5 = await save(e5);
    const base = { imageId, categoryId: null, provenance: 'candidate' as const, author: 'user' };
    // e1: alpha's top-1 accepted (beta's top-1 is the same mask).
    await saveAnnotation(t.store, {
      ...base,
      expressionId: e1,
      mask: left,
      status: 'accepted',
      candidateId: c1.alpha[0].id,
    });
    // e2: beta's top-1 accepted, then edited.
    const a2 = await saveAnnotation(t.store, {
      ...base,
      expressionId: e2,
      mask: right,
      status: 'accepted',
      candidateId: c2.beta[0].id,
    });
    await saveAnnotation(t.store, { ...base, id: a2.id, expressionId: e2, mask: edit, status: 'accepted' });
    // e3: everything rejected.
    await saveAnnotation(t.store, {
      ...base,
      expressionId: e3,
      mask: left,
      status: 'rejected',
      candidateId: c3.alpha[0].id,
    });
    // e5: a pre-label waiting for review counts as undecided.
    await saveAnnotation(t.store, {
      ...base,
      expressionId: e5,
      mask: left,
      status: 'needs-review',
      candidateId: c5.alpha[0].id,
      author: 'method:alpha',
    });
    // Another dataset's decisions do not count.
    const elsewhere = await addExpression(t.store, { imageId: other.imageIds[0], text: 'x' });
    await saveCandidates(t.store, {
      expressionId: elsewhere.id,
      method: 'gamma',
      candidates: [{ mask: left, score: 1 }],
    });

    const stats = await methodAcceptance(t.store, datasetId);
    assert.deepEqual(stats, [
      { method: 'alpha', expressions: 5, acceptedUnedited: 1, acceptedEdited: 0, rejected: 2, pending: 2 },
      { method: 'beta', expressions: 5, acceptedUnedited: 1, acceptedEdited: 1, rejected: 1, pending: 2 },
    ]);
  });
});
