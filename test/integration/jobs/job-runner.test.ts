import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Job, JobState } from '../../../src/shared/domain';
import { createJobRunner, type JobProgressEvent } from '../../../src/main/jobs/job-runner';
import { defineJobKind } from '../../../src/main/jobs/job-kind';
import { COMMIT_LOG_TABLE, itemKey, squareKind } from './square-kind';
import { readCommitLog, readItems, readResults, tempStore } from './helpers';

async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

/** Collapses consecutive repeats: the states a subscriber saw, in order. */
function stateSequence(events: JobProgressEvent[], jobId: number): JobState[] {
  const states: JobState[] = [];
  for (const { job } of events) {
    if (job.id === jobId && states.at(-1) !== job.state) states.push(job.state);
  }
  return states;
}

test('a job records every result, and progress events are throttled, ordered and end with the final counts', async (t) => {
  const { store, dispose } = await tempStore();
  const square = squareKind({ concurrency: 3 });
  const events: JobProgressEvent[] = [];
  const runner = createJobRunner({ store, kinds: [square.kind], onEvent: (e) => events.push(e) });
  t.after(async () => {
    await runner.close();
    await dispose();
  });

  const started = Date.now();
  const job = await runner.start('square', { count: 40, delayMs: 10 });
  assert.equal(job.state, 'queued');
  const final = await runner.settled(job.id);
  const elapsedMs = Date.now() - started;

  assert.equal(final.state, 'done');
  assert.deepEqual(final.progress, { done: 40, total: 40, failed: 0, rate: null, etaSeconds: null });
  const results = await readResults(store, job.id);
  assert.equal(results.size, 40);
  for (let n = 0; n < 40; n++) assert.deepEqual(results.get(itemKey(n)), { n, square: n * n });

  await waitFor('the done event', () => events.at(-1)?.job.state === 'done');
  assert.deepEqual(stateSequence(events, job.id), ['queued', 'running', 'done']);
  const counts = events.map((e) => e.job.progress.done);
  assert.deepEqual(
    counts,
    [...counts].sort((a, b) => a - b),
    'done never goes backwards',
  );
  assert.equal(events.at(-1)?.job.progress.done, 40);
  // 40 items at ≥ 10 ms each, 3 at a time, take ≥ 140 ms; at most one event per 100 ms plus a trailing one and
  // the three state changes (and planning's total) may be sent.
  const running = events.filter((e) => e.job.state === 'running');
  assert.ok(running.length <= Math.ceil(elapsedMs / 100) + 3, `${running.length} running events in ${elapsedMs} ms`);
  assert.ok(running.length < 40, 'fewer events than items');
  const measured = running.filter((e) => e.job.progress.rate !== null);
  assert.ok(measured.length > 0, 'some event carries a rate');
  for (const { job: j } of measured) {
    const left = j.progress.total - j.progress.done - j.progress.failed;
    assert.ok((j.progress.rate as number) > 0);
    assert.ok(Math.abs((j.progress.etaSeconds as number) - left / (j.progress.rate as number)) < 1e-9);
  }
  assert.deepEqual(await runner.list(), [final]);
});

test('a failing item is recorded with its error and the job carries on', async (t) => {
  const { store, dispose } = await tempStore();
  const square = squareKind({ concurrency: 2 });
  const runner = createJobRunner({ store, kinds: [square.kind] });
  t.after(async () => {
    await runner.close();
    await dispose();
  });

  const job = await runner.start('square', { count: 12, delayMs: 1, fail: [3, 7] });
  const final = await runner.settled(job.id);
  assert.equal(final.state, 'done');
  assert.equal(final.error, null);
  assert.deepEqual([final.progress.done, final.progress.failed, final.progress.total], [10, 2, 12]);
  const failed = (await readItems(store, job.id)).filter((r) => r.state === 'failed');
  assert.deepEqual(
    failed.map((r) => [r.item_key, r.error, r.result]),
    [
      ['n003', '3 is unlucky', null],
      ['n007', '7 is unlucky', null],
    ],
  );
});

test('a job whose listItems fails ends failed with the error; so does one that lists a key twice', async (t) => {
  const { store, dispose } = await tempStore();
  const broken = defineJobKind({
    kind: 'broken',
    listItems: async () => {
      throw new Error('folder /nope does not exist');
    },
    runItem: async () => null,
  });
  const twice = defineJobKind({ kind: 'twice', listItems: async () => ['a', 'b', 'a'], runItem: async () => null });
  const runner = createJobRunner({ store, kinds: [broken, twice] });
  t.after(async () => {
    await runner.close();
    await dispose();
  });

  const a = await runner.settled((await runner.start('broken')).id);
  assert.equal(a.state, 'failed');
  assert.equal(a.error, 'folder /nope does not exist');
  const b = await runner.settled((await runner.start('twice')).id);
  assert.equal(b.state, 'failed');
  assert.equal(b.error, `job ${b.id} (twice): item key "a" is listed twice`);
  assert.equal((await readItems(store, b.id)).length, 0);
});

test('start refuses an unknown kind and params the kind rejects, creating no job', async (t) => {
  const { store, dispose } = await tempStore();
  const runner = createJobRunner({ store, kinds: [squareKind().kind] });
  t.after(async () => {
    await runner.close();
    await dispose();
  });
  await assert.rejects(runner.start('cube', {}), /unknown job kind "cube" \(registered: square\)/);
  await assert.rejects(runner.start('square', { count: -1 }), /count must be a non-negative integer, got -1/);
  assert.deepEqual(await runner.list(), []);
});

test('cancel aborts the items in flight at once and leaves them pending', async (t) => {
  const { store, dispose } = await tempStore();
  const square = squareKind({ concurrency: 2 });
  const runner = createJobRunner({ store, kinds: [square.kind] });
  t.after(async () => {
    await runner.close();
    await dispose();
  });

  // Items take 10 s each unless aborted, so a cancel that waited for them would time the test out.
  const job = await runner.start('square', { count: 6, delayMs: 10_000 });
  await waitFor('two items in flight', () => square.starts.length === 2);
  const before = Date.now();
  const cancelled = await runner.cancel(job.id);
  const tookMs = Date.now() - before;
  assert.ok(tookMs < 1000, `cancel took ${tookMs} ms`);
  assert.equal(cancelled.state, 'cancelled');
  assert.deepEqual([cancelled.progress.done, cancelled.progress.failed], [0, 0]);
  const items = await readItems(store, job.id);
  assert.deepEqual(
    items.map((r) => r.state),
    Array(6).fill('pending'),
  );
  await sleep(50);
  assert.equal(square.starts.length, 2, 'no item starts after cancel');
  await assert.rejects(runner.resume(job.id), /job \d+ is cancelled; only paused jobs can be resumed/);
  assert.deepEqual(await runner.cancel(job.id), await runner.get(job.id), 'cancelling twice is harmless');
});

test('pause lets the items in flight finish, runs nothing more, and resume runs only what is left', async (t) => {
  const { store, dispose } = await tempStore();
  const square = squareKind({ concurrency: 2 });
  const events: JobProgressEvent[] = [];
  const runner = createJobRunner({ store, kinds: [square.kind], onEvent: (e) => events.push(e) });
  t.after(async () => {
    await runner.close();
    await dispose();
  });

  const job = await runner.start('square', { count: 30, delayMs: 5 });
  await waitFor('ten items', () => square.finishes.length >= 10);
  const paused = await runner.pause(job.id);
  assert.equal(paused.state, 'paused');
  assert.ok(paused.progress.done < 20, `paused after ${paused.progress.done} of 30 items`);
  // Every item that started has been committed by the time pause resolves.
  assert.equal(paused.progress.done, square.starts.length);
  const startsAtPause = square.starts.length;
  await sleep(100);
  assert.equal(square.starts.length, startsAtPause, 'a paused job runs nothing');
  assert.equal((await runner.get(job.id)).progress.done, startsAtPause);

  const resumed = await runner.resume(job.id);
  assert.ok(['queued', 'running'].includes(resumed.state));
  const final = await runner.settled(job.id);
  assert.equal(final.state, 'done');
  assert.equal(final.progress.done, 30);
  assert.deepEqual(
    [...square.starts].sort(),
    Array.from({ length: 30 }, (_, n) => itemKey(n)),
    'each item ran exactly once',
  );
  assert.equal(square.listCalls, 1, 'items were planned once');
  await waitFor('the done event', () => events.at(-1)?.job.state === 'done');
  assert.deepEqual(stateSequence(events, job.id), ['queued', 'running', 'paused', 'queued', 'running', 'done']);
});

test('close waits for the items in flight; a new runner resumes the job where it stopped', async (t) => {
  const { store, dispose } = await tempStore();
  const first = squareKind({ concurrency: 3 });
  const runner = createJobRunner({ store, kinds: [first.kind] });
  const job = await runner.start('square', { count: 60, delayMs: 5 });
  await waitFor('some items', () => first.finishes.length >= 9);
  await runner.close();
  await assert.rejects(runner.start('square', { count: 1, delayMs: 0 }), /job runner is closed/);

  const atClose = await runner.get(job.id);
  assert.equal(atClose.state, 'running', 'left running for the next start');
  assert.equal(atClose.progress.done, first.starts.length, 'no item was left half-done');

  const second = squareKind({ concurrency: 3 });
  const next = createJobRunner({ store, kinds: [second.kind] });
  t.after(async () => {
    await next.close();
    await dispose();
  });
  const resumed = await next.resumeInterrupted();
  assert.deepEqual(
    resumed.map((j) => j.id),
    [job.id],
  );
  const final = await next.settled(job.id);
  assert.equal(final.state, 'done');
  assert.equal(final.progress.done, 60);
  assert.equal(second.listCalls, 0, 'the plan was kept');
  assert.deepEqual(
    [...first.starts, ...second.starts].sort(),
    Array.from({ length: 60 }, (_, n) => itemKey(n)),
  );
});

test('with maxRunning 1 a second job waits queued until the first is done', async (t) => {
  const { store, dispose } = await tempStore();
  const events: JobProgressEvent[] = [];
  const runner = createJobRunner({ store, kinds: [squareKind().kind], maxRunning: 1, onEvent: (e) => events.push(e) });
  t.after(async () => {
    await runner.close();
    await dispose();
  });
  const a = await runner.start('square', { count: 5, delayMs: 5 });
  const b = await runner.start('square', { count: 5, delayMs: 5 });
  await waitFor('the first job to run', async () => (await runner.get(a.id)).state === 'running');
  assert.equal((await runner.get(b.id)).state, 'queued');
  const [doneA, doneB] = await Promise.all([runner.settled(a.id), runner.settled(b.id)]);
  assert.deepEqual([doneA.state, doneB.state], ['done', 'done']);
  await waitFor('the last event', () => events.at(-1)?.job.state === 'done' && events.at(-1)?.job.id === b.id);
  const aDone = events.findIndex((e) => e.job.id === a.id && e.job.state === 'done');
  const bRunning = events.findIndex((e) => e.job.id === b.id && e.job.state === 'running');
  assert.ok(aDone >= 0 && aDone < bRunning, `a done at event ${aDone}, b running at event ${bRunning}`);
});

test('a plan cut short by a crash is made again; a plan larger than one chunk is stored whole', async (t) => {
  const { store, dispose } = await tempStore();
  // What a crash between two plan chunks leaves: total says 1200, only part of the items are there.
  const id = await store.write(async (tx) => {
    const { lastId } = await tx.run(
      `INSERT INTO jobs (kind, params, state, done, total, failed) VALUES ('square', ?, 'running', 0, 1200, 0)`,
      [JSON.stringify({ count: 1200, delayMs: 0 })],
    );
    for (let n = 0; n < 500; n++) {
      await tx.run(`INSERT INTO job_items (job_id, item_key, state) VALUES (?, ?, 'pending')`, [lastId, itemKey(n)]);
    }
    return lastId;
  });
  const square = squareKind({ concurrency: 8 });
  const runner = createJobRunner({ store, kinds: [square.kind] });
  t.after(async () => {
    await runner.close();
    await dispose();
  });
  await runner.resumeInterrupted();
  const final = await runner.settled(id);
  assert.equal(square.listCalls, 1);
  assert.equal(final.state, 'done');
  assert.deepEqual([final.progress.done, final.progress.total], [1200, 1200]);
  const results = await readResults(store, id);
  assert.equal(results.size, 1200);
  assert.deepEqual(results.get(itemKey(1199)), { n: 1199, square: 1199 * 1199 });
});

test('a job of a kind no longer registered fails on resume with a message naming it', async (t) => {
  const { store, dispose } = await tempStore();
  const id = await store.write(async (tx) => {
    const { lastId } = await tx.run(`INSERT INTO jobs (kind, params, state) VALUES ('retired', '{}', 'running')`);
    return lastId;
  });
  const runner = createJobRunner({ store, kinds: [squareKind().kind] });
  t.after(async () => {
    await runner.close();
    await dispose();
  });
  await runner.resumeInterrupted();
  const final: Job = await runner.settled(id);
  assert.equal(final.state, 'failed');
  assert.equal(final.error, 'unknown job kind "retired" (registered: square)');
});

test('an item whose result is not JSON is recorded as failed with the reason', async (t) => {
  const { store, dispose } = await tempStore();
  const odd = defineJobKind({
    kind: 'odd',
    listItems: async () => ['plain', 'big'],
    runItem: async (key) => (key === 'big' ? { size: 10n } : { size: 10 }),
  });
  const runner = createJobRunner({ store, kinds: [odd] });
  t.after(async () => {
    await runner.close();
    await dispose();
  });
  const final = await runner.settled((await runner.start('odd')).id);
  assert.deepEqual([final.state, final.progress.done, final.progress.failed], ['done', 1, 1]);
  assert.deepEqual(
    (await readItems(store, final.id)).map((r) => [r.item_key, r.state, r.result, r.error]),
    [
      ['big', 'failed', null, 'Do not know how to serialize a BigInt'],
      ['plain', 'done', '{"size":10}', null],
    ],
  );
});

test('saveItem writes inside the transaction that marks its item done; a save that throws is undone alone and fails its item', async (t) => {
  const { store, dispose } = await tempStore();
  await store.write((tx) => tx.run(COMMIT_LOG_TABLE));
  const square = squareKind({ concurrency: 4, saveCommits: true });
  const runner = createJobRunner({ store, kinds: [square.kind] });
  t.after(async () => {
    await runner.close();
    await dispose();
  });
  const job = await runner.start('square', { count: 20, delayMs: 0, failSave: [5, 11] });
  const final = await runner.settled(job.id);
  assert.deepEqual([final.state, final.progress.done, final.progress.failed], ['done', 18, 2]);
  const items = await readItems(store, job.id);
  assert.deepEqual(
    items.filter((r) => r.state === 'failed').map((r) => [r.item_key, r.result, r.error]),
    [
      ['n005', null, 'saving the result failed: no room for 5'],
      ['n011', null, 'saving the result failed: no room for 11'],
    ],
  );
  // The rows written before each throw were rolled back with it; every other item left exactly one row.
  const expected = Array.from({ length: 20 }, (_, n) => n).filter((n) => n !== 5 && n !== 11);
  assert.deepEqual(
    (await readCommitLog(store, job.id)).map((r) => [r.item_key, r.square]),
    expected.map((n) => [itemKey(n), n * n]),
  );
});
