import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  applyProgress,
  failRun,
  finishRun,
  formatMs,
  startRun,
  stepText,
  type PredictProgress,
} from '../../../src/renderer/src/workspace/predict-run';

const event = (fields: Partial<PredictProgress>): PredictProgress => ({
  imageId: 1,
  expressionId: 7,
  phase: 'method',
  method: null,
  candidates: null,
  ms: null,
  message: null,
  ...fields,
});

const states = (run: ReturnType<typeof startRun>) => run.methods.map((m) => `${m.method}:${m.state}`);

describe('prediction run status', () => {
  it('starts with the first method running and the rest queued', () => {
    const run = startRun(1, 7, ['glclip', 'copatch', 'samclip']);
    assert.deepEqual(states(run), ['glclip:running', 'copatch:queued', 'samclip:queued']);
    assert.equal(run.proposals, null);
    assert.equal(run.state, 'running');
  });

  it('marks a stored method done with its count and time and starts the next', () => {
    let run = startRun(1, 7, ['glclip', 'copatch']);
    run = applyProgress(run, event({ phase: 'proposals' }));
    assert.equal(run.proposals, 'running');
    run = applyProgress(run, event({ method: 'glclip', candidates: 5, ms: 120 }));
    assert.deepEqual(states(run), ['glclip:done', 'copatch:running']);
    assert.equal(run.proposals, 'done');
    assert.equal(stepText(run.methods[0]), '5 candidates · 120 ms');
    run = applyProgress(run, event({ method: 'copatch', candidates: 1, ms: 2500 }));
    run = applyProgress(run, event({ phase: 'done' }));
    assert.deepEqual(states(run), ['glclip:done', 'copatch:done']);
    assert.equal(stepText(run.methods[1]), '1 candidate · 2.5 s');
    assert.equal(run.state, 'done');
  });

  it('ignores events of another image or expression', () => {
    const run = startRun(1, 7, ['glclip']);
    assert.equal(applyProgress(run, event({ imageId: 2, method: 'glclip', candidates: 3 })), run);
    assert.equal(applyProgress(run, event({ expressionId: 8, method: 'glclip', candidates: 3 })), run);
  });

  it('a failed method keeps its message and the next one runs', () => {
    let run = startRun(1, 7, ['glclip', 'copatch']);
    run = applyProgress(run, event({ phase: 'failed', method: 'glclip', message: 'out of memory' }));
    assert.deepEqual(states(run), ['glclip:failed', 'copatch:running']);
    assert.equal(stepText(run.methods[0]), 'failed: out of memory');
  });

  it('a failed run fails what was running and skips what was waiting', () => {
    const run = failRun(startRun(1, 7, ['glclip', 'copatch']), 'no CLIP model is installed');
    assert.deepEqual(states(run), ['glclip:failed', 'copatch:skipped']);
    assert.equal(run.state, 'failed');
    assert.equal(run.message, 'no CLIP model is installed');
    const viaEvent = applyProgress(
      startRun(1, 7, ['glclip']),
      event({ phase: 'failed', message: 'SAM failed to load' }),
    );
    assert.equal(viaEvent.state, 'failed');
    assert.equal(viaEvent.message, 'SAM failed to load');
  });

  it('takes counts and times from the result', () => {
    const run = finishRun(startRun(1, 7, ['glclip', 'copatch']), {
      expressionId: 7,
      proposalSetId: 3,
      proposals: 42,
      proposalsComputed: true,
      proposalMs: 900,
      methods: [
        { method: 'glclip', candidates: 4, topScore: 0.3, ms: 100 },
        { method: 'copatch', candidates: 2, topScore: 0.2, ms: 200 },
      ],
    });
    assert.deepEqual(states(run), ['glclip:done', 'copatch:done']);
    assert.equal(run.proposalCount, 42);
    assert.equal(run.methods[1].candidates, 2);
    assert.equal(run.state, 'done');
  });

  it('formats times', () => {
    assert.equal(formatMs(12.4), '12 ms');
    assert.equal(formatMs(1234), '1.2 s');
    assert.equal(formatMs(61_000), '61 s');
  });
});
