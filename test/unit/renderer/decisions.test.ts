import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Annotation, Candidate } from '../../../src/shared/domain';
import {
  answerOf,
  columnsOf,
  expressionState,
  initialCandidate,
  readingOrder,
  stepCandidate,
  stepId,
} from '../../../src/renderer/src/workspace/decisions';

const mask = { size: [1, 1] as [number, number], counts: '01' };

function annotation(id: number, fields: Partial<Annotation>): Annotation {
  return {
    id,
    imageId: 1,
    categoryId: null,
    expressionId: null,
    mask,
    area: 1,
    bbox: [0, 0, 1, 1],
    status: 'accepted',
    provenance: 'candidate',
    edited: false,
    crowd: false,
    candidateId: null,
    version: 1,
    sourceId: null,
    updatedAt: '',
    ...fields,
  };
}

function candidate(id: number, method: string, rank: number): Candidate {
  return {
    id,
    expressionId: 1,
    proposalSetId: null,
    method,
    params: {},
    rank,
    score: 1 / rank,
    mask,
    heatmapRef: null,
    createdAt: '',
  };
}

describe('workspace decisions', () => {
  it('finds the newest answer of an expression, never ground truth', () => {
    const list = [
      annotation(1, { expressionId: 5, status: 'rejected' }),
      annotation(2, { expressionId: 5, status: 'accepted' }),
      annotation(3, { expressionId: 6, status: 'needs-review' }),
      annotation(4, { expressionId: null, provenance: 'ground-truth' }),
    ];
    assert.equal(answerOf(list, 5)?.id, 2);
    assert.equal(answerOf(list, null), null);
    assert.equal(expressionState(list, 6), 'needs-review');
    assert.equal(expressionState(list, 7), 'open');
  });

  it('groups candidates into method columns, best first, and reads them column by column', () => {
    const columns = columnsOf([candidate(1, 'zeta', 2), candidate(2, 'alpha', 1), candidate(3, 'zeta', 1)]);
    assert.deepEqual(
      columns.map((c) => [c.method, c.candidates.map((x) => x.id)]),
      [
        ['alpha', [2]],
        ['zeta', [3, 1]],
      ],
    );
    assert.deepEqual(
      readingOrder(columns).map((c) => c.id),
      [2, 3, 1],
    );
  });

  it('selects the accepted candidate, else the first top-1', () => {
    const columns = columnsOf([candidate(1, 'a', 1), candidate(2, 'b', 1)]);
    assert.equal(initialCandidate(columns, null), 1);
    assert.equal(initialCandidate(columns, annotation(9, { candidateId: 2 })), 2);
    assert.equal(initialCandidate(columns, annotation(9, { candidateId: null, provenance: 'manual' })), null);
    assert.equal(initialCandidate([], null), null);
  });

  it('steps through candidates and ids, stopping at the ends', () => {
    const order = [candidate(1, 'a', 1), candidate(2, 'a', 2), candidate(3, 'b', 1)];
    assert.equal(stepCandidate(order, 1, 1), 2);
    assert.equal(stepCandidate(order, 3, 1), 3);
    assert.equal(stepCandidate(order, 1, -1), 1);
    assert.equal(stepCandidate(order, null, 1), 1);
    assert.equal(stepCandidate([], 1, 1), null);
    assert.equal(stepId([4, 8, 9], 8, -1), 4);
    assert.equal(stepId([4, 8, 9], 9, 1), 9);
    assert.equal(stepId([4, 8, 9], null, 1), 4);
  });
});
