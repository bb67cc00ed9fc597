// Imports run as jobs in the app: progress per image, a result report, failure with every problem named, cancel
// leaving nothing behind, and a kill -9 midway resumed to the same dataset an uninterrupted import makes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { openAppContext, type AppContext } from '../../../src/main/app/context';
import { openStore } from '../../../src/main/store/open-store';
import type { Job } from '../../../src/shared/domain';
import { writeTestImage } from '../../helpers/images';
import { withTempDir } from '../../helpers/temp-dir';

const CHILD = fileURLToPath(new URL('./import-job-child.ts', import.meta.url));

async function makeFolder(folder: string, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await writeTestImage(join(folder, `part${i % 3}`, `img${String(i).padStart(4, '0')}.png`), 20 + (i % 7), 16, i);
  }
}

async function imagesOf(context: AppContext, name: string) {
  return context.store.read((db) =>
    db.all<{ path: string; width: number; height: number; sha256: string; source_id: number }>(
      `SELECT i.path, i.width, i.height, i.sha256, i.source_id FROM images i JOIN datasets d ON d.id = i.dataset_id
       WHERE d.name = ? ORDER BY i.path`,
      [name],
    ),
  );
}

test('an import job reports progress per image and ends with the import report', async () => {
  await withTempDir(async (dir) => {
    await makeFolder(join(dir, 'photos'), 12);
    const context = await openAppContext(join(dir, 'app.db'), 'test');
    try {
      const events: Job[] = [];
      context.events.onEvent((name, payload) => {
        if (name === 'job.progress') events.push(payload as Job);
      });
      const started = await context.handlers['datasets.import']({ path: join(dir, 'photos'), name: 'photos' });
      assert.equal(started.kind, 'import');
      const job = await context.jobs.settled(started.id);
      assert.equal(job.state, 'done', job.error ?? '');
      assert.deepEqual(job.progress.total, 12);
      assert.equal(job.progress.done, 12);
      assert.deepEqual(job.result, {
        datasetId: job.result!.datasetId,
        images: 12,
        categories: 0,
        annotations: 0,
        expressions: 0,
        warnings: [],
      });
      assert.ok(events.some((e) => e.id === job.id && e.state === 'running'));
      assert.equal(events.at(-1)?.state, 'done');
      assert.equal((await imagesOf(context, 'photos')).length, 12);
    } finally {
      await context.close();
    }
  });
});

test('an import job with bad images fails naming each one and writes nothing', async () => {
  await withTempDir(async (dir) => {
    await makeFolder(join(dir, 'photos'), 6);
    await truncate(join(dir, 'photos', 'part1', 'img0001.png'), 60);
    await truncate(join(dir, 'photos', 'part2', 'img0005.png'), 60);
    const context = await openAppContext(join(dir, 'app.db'), 'test');
    try {
      const started = await context.handlers['datasets.import']({ path: join(dir, 'photos') });
      const job = await context.jobs.settled(started.id);
      assert.equal(job.state, 'failed');
      assert.match(job.error!, /2 problems, nothing was imported/);
      assert.match(job.error!, /part1\/img0001\.png/);
      assert.match(job.error!, /part2\/img0005\.png/);
      assert.deepEqual(await context.handlers['datasets.list'](), []);
    } finally {
      await context.close();
    }
  });
});

test('an import job for a name in use fails before reading any image', async () => {
  await withTempDir(async (dir) => {
    await makeFolder(join(dir, 'a'), 2);
    const context = await openAppContext(join(dir, 'app.db'), 'test');
    try {
      const first = await context.jobs.settled(
        (await context.handlers['datasets.import']({ path: join(dir, 'a') })).id,
      );
      assert.equal(first.state, 'done');
      const second = await context.jobs.settled(
        (await context.handlers['datasets.import']({ path: join(dir, 'a') })).id,
      );
      assert.equal(second.state, 'failed');
      assert.match(second.error!, /dataset name 'a' is already used/);
      assert.equal(second.progress.total, 0);
    } finally {
      await context.close();
    }
  });
});

test('a cancelled import leaves no dataset', async () => {
  await withTempDir(async (dir) => {
    await makeFolder(join(dir, 'photos'), 40);
    const context = await openAppContext(join(dir, 'app.db'), 'test');
    try {
      const started = await context.handlers['datasets.import']({ path: join(dir, 'photos') });
      while ((await context.jobs.get(started.id)).progress.done < 5) await sleep(5);
      const cancelled = await context.handlers['jobs.cancel']({ jobId: started.id });
      assert.equal(cancelled.state, 'cancelled');
      assert.deepEqual(await context.handlers['datasets.list'](), []);
    } finally {
      await context.close();
    }
  });
});

test('an import job killed with SIGKILL midway resumes to the same dataset an uninterrupted import makes', async () => {
  await withTempDir(async (dir) => {
    const folder = join(dir, 'photos');
    await makeFolder(folder, 150);
    const dbFile = join(dir, 'crash.db');
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbFile, folder, '20'], {
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const signal = await new Promise((resolve) => child.once('exit', (_code, sig) => resolve(sig)));
    assert.equal(signal, 'SIGKILL');
    const peek = await openStore(dbFile);
    const recorded = await peek.read((db) => db.get<{ done: number; state: string }>('SELECT done, state FROM jobs'));
    await peek.close();
    assert.equal(recorded?.state, 'running');
    assert.ok(recorded!.done >= 20 && recorded!.done < 150, `killed midway (${recorded!.done} of 150 recorded)`);

    const resumed = await openAppContext(dbFile, 'test');
    const reference = await openAppContext(join(dir, 'reference.db'), 'test');
    try {
      const job = await resumed.jobs.settled(1);
      assert.equal(job.state, 'done', job.error ?? '');
      assert.equal(job.progress.done, 150);
      const refJob = await reference.jobs.settled(
        (await reference.handlers['datasets.import']({ path: folder, name: 'crashy' })).id,
      );
      assert.equal(refJob.state, 'done');
      assert.deepEqual(await imagesOf(resumed, 'crashy'), await imagesOf(reference, 'crashy'));
      const check = await resumed.store.read((db) => db.all('PRAGMA integrity_check'));
      assert.deepEqual(check, [{ integrity_check: 'ok' }]);
    } finally {
      await resumed.close();
      await reference.close();
    }
  });
});
