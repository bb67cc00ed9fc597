import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore } from '../../../src/main/store/open-store';
import { createJobRunner } from '../../../src/main/jobs/job-runner';
import { CRASH_JOB } from './crash-job';
import { COMMIT_LOG_TABLE, itemKey, squareKind } from './square-kind';
import { readCommitLog, readItems, readResults, tempStore } from './helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
const ALL_KEYS = Array.from({ length: CRASH_JOB.params.count }, (_, n) => itemKey(n));

interface LogLine {
  event: 'start' | 'finish';
  key: string;
  pid: number;
}

function readLog(file: string): LogLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => {
      const [event, key, pid] = line.split(' ');
      return { event: event as LogLine['event'], key, pid: Number(pid) };
    });
}

async function uninterruptedResults(): Promise<Map<string, unknown>> {
  const { store, dispose } = await tempStore();
  try {
    const runner = createJobRunner({ store, kinds: [squareKind({ concurrency: CRASH_JOB.concurrency }).kind] });
    const job = await runner.start('square', CRASH_JOB.params);
    assert.equal((await runner.settled(job.id)).state, 'done');
    await runner.close();
    return await readResults(store, job.id);
  } finally {
    await dispose();
  }
}

test('a job killed with SIGKILL midway resumes with its pending items only and ends as an uninterrupted run', async (t) => {
  const { dir, store: scratch, dispose } = await tempStore();
  await scratch.close();
  const dbFile = path.join(dir, 'crash.db');
  const created = await openStore(dbFile);
  await created.write((tx) => tx.run(COMMIT_LOG_TABLE));
  await created.close();
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  t.after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await dispose();
  });
  const firstLog = path.join(dir, 'first.log');
  const secondLog = path.join(dir, 'second.log');

  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'crash-child.ts'), dbFile, firstLog], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  // Kill once about a third of the items have finished, so the kill lands with items committed, in flight and
  // not yet started.
  const until = Date.now() + 15_000;
  while (readLog(firstLog).filter((l) => l.event === 'finish').length < 70) {
    if (child.exitCode !== null) throw new Error(`the child exited early (${child.exitCode}): ${stderr}`);
    if (Date.now() > until) throw new Error(`the child made no progress: ${stderr}`);
    await sleep(5);
  }
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');

  const store = await openStore(dbFile);
  cleanups.push(() => store.close());
  const [killedJob] = await store.read((db) =>
    db.all<{ id: number; state: string; done: number }>('SELECT id, state, done FROM jobs'),
  );
  assert.equal(killedJob.state, 'running');
  const committedBeforeKill = new Set(
    (await readItems(store, killedJob.id)).filter((r) => r.state === 'done').map((r) => r.item_key),
  );
  assert.equal(committedBeforeKill.size, killedJob.done, 'the counter matches the committed items');
  const commitsBeforeKill = await readCommitLog(store, killedJob.id);
  assert.deepEqual(
    commitsBeforeKill.map((r) => r.item_key),
    [...committedBeforeKill].sort(),
    'each committed item wrote its commit-log row once, in the same transaction',
  );
  assert.ok(
    committedBeforeKill.size > 0 && committedBeforeKill.size < ALL_KEYS.length,
    `${committedBeforeKill.size} committed`,
  );

  const square = squareKind({ concurrency: CRASH_JOB.concurrency, log: secondLog, saveCommits: true });
  const runner = createJobRunner({ store, kinds: [square.kind] });
  cleanups.push(() => runner.close());
  const resumed = await runner.resumeInterrupted();
  assert.deepEqual(
    resumed.map((j) => j.id),
    [killedJob.id],
  );
  const final = await runner.settled(killedJob.id);
  assert.equal(final.state, 'done');
  assert.deepEqual([final.progress.done, final.progress.failed, final.progress.total], [200, 0, 200]);
  assert.equal(square.listCalls, 0, 'the plan survived the kill');

  // No item committed before the kill ran again, and each item left pending ran exactly once after it.
  const first = readLog(firstLog);
  const second = readLog(secondLog);
  const rerun = second.filter((l) => l.event === 'start' && committedBeforeKill.has(l.key));
  assert.deepEqual(rerun, [], 'no committed item is re-run');
  assert.deepEqual(
    second
      .filter((l) => l.event === 'start')
      .map((l) => l.key)
      .sort(),
    ALL_KEYS.filter((k) => !committedBeforeKill.has(k)),
  );
  // Every item committed before the kill had finished in the child: results are committed after the work, never before.
  const finishedInChild = new Set(first.filter((l) => l.event === 'finish').map((l) => l.key));
  for (const key of committedBeforeKill) assert.ok(finishedInChild.has(key), `${key} committed without finishing`);
  const interrupted = first.filter((l) => l.event === 'start' && !committedBeforeKill.has(l.key)).length;
  t.diagnostic(
    `committed before kill: ${committedBeforeKill.size}, run again after being interrupted uncommitted: ${interrupted}`,
  );

  // The commit log holds one row per item, nothing twice: the items committed before the kill by the child, the
  // rest by this process. And the results equal a run that was never interrupted.
  const commits = await readCommitLog(store, killedJob.id);
  assert.deepEqual(
    commits.map((r) => [r.item_key, r.square, r.pid === child.pid ? 'child' : 'resumed']),
    ALL_KEYS.map((k, n) => [k, n * n, committedBeforeKill.has(k) ? 'child' : 'resumed']),
  );
  const items = await readItems(store, killedJob.id);
  assert.deepEqual(
    items.map((r) => [r.item_key, r.state]),
    ALL_KEYS.map((k) => [k, 'done']),
  );
  assert.deepEqual(await readResults(store, killedJob.id), await uninterruptedResults());
});
