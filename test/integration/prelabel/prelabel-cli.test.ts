// `reflabel prelabel` through the bin script: a dataset pre-labeled with two methods and a progress report, an
// unfinished job of the dataset resumed with its own settings instead of a second one, and usage mistakes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { insertJob, setJobState } from '../../../src/main/jobs/job-rows';
import { PRELABEL_JOB, prelabelJobKind } from '../../../src/main/services/prelabel-job';
import { openStore } from '../../../src/main/store/open-store';
import { withTempDir } from '../../helpers/temp-dir';
import { runCli } from '../cli/run-cli';
import { type PrelabelFixture, TINY_SETTINGS, freshDatabase, makePrelabelFixture, prelabelParams } from './fixture';

function prelabelArgs(fx: PrelabelFixture, dbFile: string, methods: string): string[] {
  return [
    'prelabel',
    '--db',
    dbFile,
    '--dataset',
    'scenes',
    '--methods',
    methods,
    '--clip',
    fx.clipDir,
    '--sam',
    fx.samDir,
    ...TINY_SETTINGS.flatMap((s) => ['--set', s]),
  ];
}

async function storedState(dbFile: string) {
  const store = await openStore(dbFile);
  try {
    return await store.read(async (db) => ({
      jobs: await db.all<{ id: number; kind: string; state: string; done: number; total: number }>(
        'SELECT id, kind, state, done, total FROM jobs ORDER BY id',
      ),
      candidates: await db.all<{ method: string; expressions: number }>(
        'SELECT method, COUNT(DISTINCT expression_id) AS expressions FROM candidates GROUP BY method ORDER BY method',
      ),
    }));
  } finally {
    await store.close();
  }
}

test('reflabel prelabel', async (t) => {
  await withTempDir(async (dir) => {
    const fx = await makePrelabelFixture(dir);

    await t.test('pre-labels every expression with the chosen methods and reports progress', async () => {
      const dbFile = await freshDatabase(fx, join(dir, 'cli.db'));
      const result = await runCli(prelabelArgs(fx, dbFile, 'glclip,samclip'));
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /prelabel #1 done: 7\/7 items/);
      assert.deepEqual(await storedState(dbFile), {
        jobs: [{ id: 1, kind: PRELABEL_JOB, state: 'done', done: 7, total: 7 }],
        candidates: [
          { method: 'glclip', expressions: 7 },
          { method: 'samclip', expressions: 7 },
        ],
      });
    });

    await t.test('an unfinished job of the dataset is resumed with its own settings', async () => {
      const dbFile = await freshDatabase(fx, join(dir, 'resume.db'));
      const store = await openStore(dbFile);
      const params = prelabelJobKind(store).parseParams!(prelabelParams(fx, { methods: ['samclip'] }));
      await store.write(async (tx) => {
        const now = new Date().toISOString();
        const id = await insertJob(tx, PRELABEL_JOB, params, now);
        await setJobState(tx, id, 'running', ['queued'], now);
      });
      await store.close();
      const result = await runCli(prelabelArgs(fx, dbFile, 'glclip'));
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /resuming prelabel job #1 of 'scenes'/);
      assert.deepEqual(await storedState(dbFile), {
        jobs: [{ id: 1, kind: PRELABEL_JOB, state: 'done', done: 7, total: 7 }],
        candidates: [{ method: 'samclip', expressions: 7 }],
      });
    });

    await t.test('failed expressions make exit code 1 and are named with their error', async () => {
      const dbFile = await freshDatabase(fx, join(dir, 'failing.db'));
      const args = prelabelArgs(fx, dbFile, 'glclip');
      args[args.indexOf('--clip') + 1] = join(dir, 'no-such-model');
      const result = await runCli(args);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /prelabel job #1: 7 of 7 expressions failed/);
      assert.match(result.stderr, /expression 7: .*no-such-model\/config\.json/);
    });

    await t.test('usage mistakes exit with code 2 and name the option', async () => {
      const dbFile = await freshDatabase(fx, join(dir, 'usage.db'));
      const bad = await runCli(prelabelArgs(fx, dbFile, 'glclip,nope'));
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--methods takes a comma list/);
      const missing = await runCli(['prelabel', '--db', dbFile, '--methods', 'glclip']);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /--dataset is required/);
    });
  });
});
