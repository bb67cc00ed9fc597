import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getHistory, saveAnnotation, setStatus } from '../../../src/main/services/annotations';
import { REDO_AUTHOR, UNDO_AUTHOR, getUndoState, redo, undo, undoStateOf } from '../../../src/main/services/undo';
import { openTempStore, type TempStore } from '../store/temp-store';
import { rect, seedDataset } from '../services/seed';

const v = (version: number, author = 'user') => ({ version, author });

describe('undoStateOf (the timeline replayed from a history)', () => {
  it('has nothing to undo for a single version', () => {
    assert.deepEqual(undoStateOf([v(1)]), { undoTo: null, redoTo: null });
  });

  it('steps back and forward through undo and redo versions', () => {
    // States 1, 2, 3; undo to 2 (v4), undo to 1 (v5), redo to 2 (v6).
    const history = [v(1), v(2), v(3), v(4, UNDO_AUTHOR), v(5, UNDO_AUTHOR), v(6, REDO_AUTHOR)];
    assert.deepEqual(undoStateOf(history.slice(0, 3)), { undoTo: 2, redoTo: null });
    assert.deepEqual(undoStateOf(history.slice(0, 4)), { undoTo: 1, redoTo: 3 });
    assert.deepEqual(undoStateOf(history.slice(0, 5)), { undoTo: null, redoTo: 2 });
    assert.deepEqual(undoStateOf(history), { undoTo: 1, redoTo: 3 });
  });

  it('drops the redo states when a new edit follows an undo', () => {
    // States 1, 2, 3; undo to 2 (v4); an edit (v5) replaces 3: undo goes to 2's state, no redo.
    assert.deepEqual(undoStateOf([v(1), v(2), v(3), v(4, UNDO_AUTHOR), v(5)]), { undoTo: 2, redoTo: null });
  });

  it('reads machine versions as edits and an impossible undo as an edit', () => {
    assert.deepEqual(undoStateOf([v(1, 'import'), v(2, 'method:copatch')]), { undoTo: 1, redoTo: null });
    assert.deepEqual(undoStateOf([v(1, UNDO_AUTHOR)]), { undoTo: null, redoTo: null });
  });
});

describe('undo and redo on the store', () => {
  let t: TempStore;
  let imageId: number;
  const A = rect(6, 8, 0, 0, 2, 2);
  const B = rect(6, 8, 0, 0, 4, 4);
  const C = rect(6, 8, 2, 2, 3, 3);

  before(async () => {
    t = await openTempStore();
    imageId = (await seedDataset(t.store, 'undo', ['a.jpg'])).imageIds[0];
  });
  after(() => t.dispose());

  it('restores earlier masks as new versions and survives a reopened store', async () => {
    const base = { imageId, categoryId: null, expressionId: null, provenance: 'manual' as const, author: 'user' };
    const created = await saveAnnotation(t.store, { ...base, mask: A, status: 'accepted' });
    await saveAnnotation(t.store, { ...base, id: created.id, mask: B, status: 'accepted' });
    await saveAnnotation(t.store, { ...base, id: created.id, mask: C, status: 'accepted' });

    const first = await undo(t.store, created.id);
    assert.deepEqual(first.annotation.mask, B);
    assert.deepEqual(first.undo, { undoTo: 1, redoTo: 3 });
    const second = await undo(t.store, created.id);
    assert.deepEqual(second.annotation.mask, A);
    assert.equal(second.annotation.version, 5);
    await assert.rejects(undo(t.store, created.id), /annotation \d+: nothing to undo/);

    const again = await redo(t.store, created.id);
    assert.deepEqual(again.annotation.mask, B);

    // A status change is a step of its own.
    await setStatus(t.store, created.id, 'needs-review', 'user');
    assert.deepEqual(await getUndoState(t.store, created.id), { undoTo: 2, redoTo: null });
    const back = await undo(t.store, created.id);
    assert.equal(back.annotation.status, 'accepted');
    assert.deepEqual(back.annotation.mask, B);

    const authors = (await getHistory(t.store, created.id)).map((h) => h.author);
    assert.deepEqual(authors, ['user', 'user', 'user', UNDO_AUTHOR, UNDO_AUTHOR, REDO_AUTHOR, 'user', UNDO_AUTHOR]);
  });
});
