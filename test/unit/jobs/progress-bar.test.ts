import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import type { Job, JobState } from '../../../src/shared/domain';
import {
  createJobProgressBar,
  formatEta,
  formatProgressLine,
  formatRate,
  formatSettledLine,
} from '../../../src/main/cli/progress-bar';

function job(state: JobState, done: number, failed = 0, rate: number | null = null, eta: number | null = null): Job {
  return {
    id: 3,
    kind: 'import',
    params: {},
    state,
    progress: { done, total: 500, failed, rate, etaSeconds: eta },
    error: state === 'failed' ? 'disk full' : null,
    result: null,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
  };
}

function capture(isTTY: boolean) {
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 160 });
  let text = '';
  stream.on('data', (chunk) => (text += chunk));
  // eslint-disable-next-line no-control-regex
  return { stream, text: () => text.replace(/\x1B(\[[0-9;?]*[A-Za-z]|[78])/g, '') };
}

test('durations and rates read as a person would write them', () => {
  assert.equal(formatEta(null), '?');
  assert.equal(formatEta(27.4), '27s');
  assert.equal(formatEta(245), '4m05s');
  assert.equal(formatEta(7380), '2h03m');
  assert.equal(formatRate(null), '– items/s');
  assert.equal(formatRate(3.456), '3.46 items/s');
  assert.equal(formatRate(14.25), '14.3 items/s');
});

test('a plain line shows finished/total, percent, failures, rate and ETA', () => {
  assert.equal(
    formatProgressLine(job('running', 118, 2, 14.2, 27)),
    'import #3 running 120/500 (24%), 2 failed | 14.2 items/s | ETA 27s',
  );
  assert.equal(formatSettledLine(job('failed', 40)), 'import #3 failed: 40/500 items (disk full)');
});

test('off a terminal, lines come at most every interval, at each state change, and a summary at the end', () => {
  const out = capture(false);
  let t = 0;
  const bar = createJobProgressBar({ jobId: 3, stream: out.stream, lineIntervalMs: 2000, now: () => t });
  bar.update({ type: 'job.progress', job: job('running', 0) });
  t = 500;
  bar.update({ type: 'job.progress', job: job('running', 50, 0, 100, 4.5) });
  t = 2100;
  bar.update({ type: 'job.progress', job: job('running', 210, 0, 100, 2.9) });
  bar.update({ type: 'job.progress', job: { ...job('running', 300), id: 4 } });
  t = 2200;
  bar.update({ type: 'job.progress', job: job('done', 500) });
  bar.update({ type: 'job.progress', job: job('done', 500) });
  assert.equal(
    out.text(),
    [
      'import #3 running 0/500 (0%) | – items/s | ETA ?',
      'import #3 running 210/500 (42%) | 100.0 items/s | ETA 3s',
      'import #3 done: 500/500 items',
      '',
    ].join('\n'),
  );
});

test('on a terminal, the bar shows done/total, rate and ETA and ends with the summary', () => {
  const out = capture(true);
  const bar = createJobProgressBar({ jobId: 3, stream: out.stream });
  bar.update({ type: 'job.progress', job: job('running', 118, 2, 14.2, 27) });
  bar.update({ type: 'job.progress', job: job('cancelled', 130, 2) });
  const text = out.text();
  assert.match(text, /import #3 \[=+-+\] 24% \| 120\/500, 2 failed \| 14\.2 items\/s \| ETA 27s/);
  assert.match(text, /import #3 \[=+-+\] 26% \| 132\/500, 2 failed \| – items\/s \| ETA \?/);
  assert.ok(text.endsWith('import #3 cancelled: 130/500 items, 2 failed\n'), JSON.stringify(text.slice(-80)));
});
