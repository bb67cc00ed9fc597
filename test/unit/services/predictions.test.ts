import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getAnnotation, saveAnnotation } from '../../../src/main/services/annotations';
import { addExpression } from '../../../src/main/services/expressions';
import {
  getOrCreateProposalSet,
  listCandidates,
  listProposals,
  saveCandidates,
  saveProposals,
} from '../../../src/main/services/predictions';
import { openTempStore, type TempStore } from '../store/temp-store';
import { rect, seedDataset } from './seed';

const A = rect(6, 8, 0, 0, 2, 3);
const B = rect(6, 8, 4, 2, 4, 4);
const C = rect(6, 8, 1, 5, 7, 1);

describe('predictions', () => {
  let t: TempStore;
  let imageId: number;
  let expressionId: number;

  before(async () => {
    t = await openTempStore();
    [imageId] = (await seedDataset(t.store, 'pred', ['p.jpg'])).imageIds;
    expressionId = (await addExpression(t.store, { imageId, text: 'the red car' })).id;
  });
  after(() => t.dispose());

  it('makes one proposal set per (image, source, preset, model), even when asked twice at once', async () => {
    const key = { imageId, source: 'sam-amg', preset: 'dense', model: 'sam-vit-b' };
    const [first, second] = await Promise.all([
      getOrCreateProposalSet(t.store, key),
      getOrCreateProposalSet(t.store, key),
    ]);
    assert.equal(first.id, second.id);
    assert.deepEqual({ imageId: first.imageId, source: first.source, preset: first.preset, model: first.model }, key);
    const other = await getOrCreateProposalSet(t.store, { ...key, preset: 'sparse' });
    assert.notEqual(other.id, first.id);
    await assert.rejects(getOrCreateProposalSet(t.store, { ...key, imageId: 999999 }), /proposal set of image 999999/);
  });

  it('replaces a set of proposals, numbering them from 0 and measuring their areas', async () => {
    const set = await getOrCreateProposalSet(t.store, { imageId, source: 'sam-amg', preset: 'replace', model: 'm' });
    await saveProposals(t.store, set.id, [
      { mask: A, score: 0.5 },
      { mask: B, score: 0.75 },
      { mask: C, score: 0.25 },
    ]);
    await saveProposals(t.store, set.id, [
      { mask: B, score: 0.9 },
      { mask: A, score: 0.1 },
    ]);
    const proposals = await listProposals(t.store, set.id);
    assert.deepEqual(
      proposals.map((p) => [p.idx, p.area, p.score, p.mask.counts === B.counts]),
      [
        [0, 16, 0.9, true],
        [1, 6, 0.1, false],
      ],
    );
    await assert.rejects(
      saveProposals(t.store, set.id, [
        { mask: A, score: 1 },
        { mask: rect(3, 3, 0, 0, 1, 1), score: 1 },
      ]),
      new RegExp(`proposal 1 of proposal set ${set.id}: mask is 3x3`),
    );
    assert.equal((await listProposals(t.store, set.id)).length, 2, 'a failed replace leaves the old proposals');
  });

  it("replaces one method's candidates and keeps the other methods'", async () => {
    const set = await getOrCreateProposalSet(t.store, { imageId, source: 'sam-amg', preset: 'cands', model: 'm' });
    await saveCandidates(t.store, {
      expressionId,
      method: 'copatch',
      params: { layer: 9 },
      proposalSetId: set.id,
      candidates: [
        { mask: A, score: 0.8, proposalIdx: 3 },
        { mask: B, score: 0.6, proposalIdx: 1 },
      ],
    });
    await saveCandidates(t.store, {
      expressionId,
      method: 'hybridgl',
      candidates: [{ mask: C, score: 0.7, heatmapRef: 'h1.png' }],
    });
    const replaced = await saveCandidates(t.store, {
      expressionId,
      method: 'copatch',
      params: { layer: 10 },
      candidates: [
        { mask: B, score: 0.9 },
        { mask: C, score: 0.4 },
        { mask: A, score: 0.1 },
      ],
    });
    assert.deepEqual(
      replaced.map((c) => c.rank),
      [1, 2, 3],
    );
    const listed = await listCandidates(t.store, expressionId);
    assert.deepEqual(
      listed.map((c) => [c.method, c.rank, c.score, c.params, c.proposalSetId, c.heatmapRef]),
      [
        ['copatch', 1, 0.9, { layer: 10 }, null, null],
        ['copatch', 2, 0.4, { layer: 10 }, null, null],
        ['copatch', 3, 0.1, { layer: 10 }, null, null],
        ['hybridgl', 1, 0.7, {}, null, 'h1.png'],
      ],
    );
    assert.deepEqual(listed, [...replaced, ...listed.slice(3)]);
  });

  it('leaves the old candidates when a replacement fails', async () => {
    const before = await listCandidates(t.store, expressionId);
    await assert.rejects(
      saveCandidates(t.store, {
        expressionId,
        method: 'copatch',
        candidates: [
          { mask: A, score: 0.5 },
          { mask: B, score: Number.NaN },
        ],
      }),
      new RegExp(`candidate 2 of candidates of expression ${expressionId} by 'copatch': score NaN`),
    );
    await assert.rejects(
      saveCandidates(t.store, { expressionId, method: 'copatch', candidates: [{ mask: A, score: 1, proposalIdx: 0 }] }),
      /a proposal index needs a proposal set/,
    );
    assert.deepEqual(await listCandidates(t.store, expressionId), before);
    await assert.rejects(
      saveCandidates(t.store, { expressionId: 999999, method: 'copatch', candidates: [] }),
      /expression 999999 not found/,
    );
  });

  it('keeps an annotation accepted from a candidate when the candidates are recomputed', async () => {
    const [candidate] = await saveCandidates(t.store, {
      expressionId,
      method: 'iterprime',
      candidates: [{ mask: B, score: 1 }],
    });
    const accepted = await saveAnnotation(t.store, {
      imageId,
      mask: B,
      categoryId: null,
      expressionId,
      status: 'accepted',
      provenance: 'candidate',
      candidateId: candidate.id,
      author: 'user',
    });
    await saveCandidates(t.store, { expressionId, method: 'iterprime', candidates: [{ mask: A, score: 1 }] });
    const after = await getAnnotation(t.store, accepted.id);
    assert.equal(after.candidateId, null);
    assert.deepEqual(after.mask, B);
    assert.equal(after.version, 1);
  });
});
