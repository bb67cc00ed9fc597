import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Annotation } from '../../../src/shared/domain';
import { AnswerWriter, type SaveState } from '../../../src/renderer/src/workspace/answer-writer';

function annotation(id: number, version: number, expressionId = 1): Annotation {
  return {
    id,
    imageId: 1,
    categoryId: null,
    expressionId,
    mask: { size: [1, 1], counts: String(version) },
    area: 1,
    bbox: [0, 0, 1, 1],
    status: 'accepted',
    provenance: 'manual',
    edited: false,
    crowd: false,
    candidateId: null,
    version,
    sourceId: null,
    updatedAt: '',
  };
}

const target = { imageId: 1, expressionId: 1 };

describe('AnswerWriter', () => {
  it('runs writes one after another, each seeing what the previous one saved, and reports once drained', async () => {
    const writer = new AnswerWriter();
    const settled: { changed: Annotation[]; state: SaveState }[] = [];
    let busy = 0;
    writer.listen({ settled: (changed, state) => settled.push({ changed, state }), busy: () => busy++ });
    const seen: (number | null)[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const first = writer.enqueue(target, async (current) => {
      seen.push(current?.version ?? null);
      await gate;
      return annotation(7, 1);
    });
    const second = writer.enqueue(target, async (current) => {
      seen.push(current?.version ?? null);
      return annotation(7, (current?.version ?? 0) + 1);
    });
    assert.equal(writer.busy, true);
    assert.equal(settled.length, 0);
    release();
    await Promise.all([first, second]);
    assert.deepEqual(seen, [null, 1], 'the second write saw the first one’s result');
    assert.equal(busy, 1);
    assert.equal(settled.length, 1, 'React hears once, when the queue is empty');
    assert.deepEqual(
      settled[0].changed.map((a) => a.version),
      [2],
    );
    assert.deepEqual(settled[0].state, { kind: 'saved', version: 2 });
    assert.equal(writer.busy, false);
  });

  it('reports a failed write and carries on with the next', async () => {
    const writer = new AnswerWriter();
    const states: SaveState[] = [];
    writer.listen({ settled: (_changed, state) => states.push(state), busy: () => undefined });
    writer.observe(target, annotation(3, 4));
    await writer.enqueue(target, async () => {
      throw new Error('annotation 3: mask is 2x2 but image 1 is 1x1');
    });
    assert.deepEqual(states, [{ kind: 'error', message: 'annotation 3: mask is 2x2 but image 1 is 1x1' }]);
    let seen: number | null = null;
    await writer.enqueue(target, async (current) => {
      seen = current?.version ?? null;
      return null;
    });
    assert.equal(seen, 4, 'the observed answer is what the next task starts from');
    assert.deepEqual(states[1], { kind: 'idle' });
  });

  it('keeps each expression’s answer apart', async () => {
    const writer = new AnswerWriter();
    writer.listen({ settled: () => undefined, busy: () => undefined });
    writer.observe({ imageId: 1, expressionId: 1 }, annotation(1, 5));
    let other: Annotation | null | undefined;
    await writer.enqueue({ imageId: 1, expressionId: 2 }, async (current) => {
      other = current;
      return null;
    });
    assert.equal(other, null);
  });
});
