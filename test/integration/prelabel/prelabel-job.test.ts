// Pre-labeling jobs on tiny random-weight CLIP and SAM: every expression of a generated dataset gets two methods'
// candidates, proposals are made once per image, filters pick the items, accepted and edited annotations stay as
// they were, and a job killed with SIGKILL midway resumes to the same candidates an uninterrupted run stores.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openAppContext } from '../../../src/main/app/context';
import { createJobRunner } from '../../../src/main/jobs/job-runner';
import { encodeRle, maskFromData } from '../../../src/main/masks';
import { saveAnnotation } from '../../../src/main/services/annotations';
import { PRELABEL_JOB, prelabelJobKind } from '../../../src/main/services/prelabel-job';
import { openStore } from '../../../src/main/store/open-store';
import type { SqlReader, Store } from '../../../src/main/store/types';
import { releasePredictModels } from '../../../src/main/vision/pipeline/predict-models';
import { withTempDir } from '../../helpers/temp-dir';
import { candidateRows, freshDatabase, makePrelabelFixture, prelabelParams, proposalRows } from './fixture';

const CHILD = fileURLToPath(new URL('./prelabel-job-child.ts', import.meta.url));

/** A mask of the image's size: the left `cols` columns set. */
function leftColumns(width: number, height: number, cols: number) {
  const data = new Uint8Array(width * height);
  for (let i = 0; i < data.length; i++) data[i] = i % width < cols ? 1 : 0;
  return encodeRle(maskFromData(width, height, data));
}

async function expressionImages(store: Store) {
  return store.read((db) =>
    db.all<{ id: number; image_id: number; split: string; width: number; height: number }>(
      'SELECT x.id, x.image_id, x.split, i.width, i.height FROM expressions x JOIN images i ON i.id = x.image_id ORDER BY x.id',
    ),
  );
}

const annotationTables = (db: SqlReader) =>
  Promise.all([
    db.all('SELECT * FROM annotations ORDER BY id'),
    db.all('SELECT * FROM annotation_versions ORDER BY annotation_id, version'),
  ]);

const candidateExpressions = async (store: Store) =>
  (
    await store.read((db) => db.all<{ id: number }>('SELECT DISTINCT expression_id AS id FROM candidates ORDER BY 1'))
  ).map((r) => r.id);

test('prelabel jobs', async (t) => {
  await withTempDir(async (dir) => {
    const fx = await makePrelabelFixture(dir);
    let uninterrupted: { candidates: unknown[]; proposals: unknown[] } | null = null;
    try {
      await t.test('every expression gets both methods’ candidates; accepted and edited work stays', async () => {
        const store = await openStore(await freshDatabase(fx, join(dir, 'full.db')));
        const runner = createJobRunner({ store, kinds: [prelabelJobKind(store)] });
        try {
          const expressions = await expressionImages(store);
          const [e0, , , e3] = expressions;
          const accepted = await saveAnnotation(store, {
            imageId: e0.image_id,
            mask: leftColumns(e0.width, e0.height, 10),
            categoryId: null,
            expressionId: e0.id,
            status: 'accepted',
            provenance: 'candidate',
            author: 'user',
          });
          const machine = await saveAnnotation(store, {
            imageId: e3.image_id,
            mask: leftColumns(e3.width, e3.height, 5),
            categoryId: null,
            expressionId: e3.id,
            status: 'needs-review',
            provenance: 'candidate',
            author: 'method:glclip',
          });
          const edited = await saveAnnotation(store, {
            ...machine,
            id: machine.id,
            mask: leftColumns(e3.width, e3.height, 7),
            author: 'user',
          });
          assert.equal(accepted.status, 'accepted');
          assert.equal(edited.edited, true);
          const before = await store.read(annotationTables);

          const job = await runner.settled((await runner.start(PRELABEL_JOB, prelabelParams(fx))).id);
          assert.equal(job.state, 'done', job.error ?? '');
          assert.deepEqual(
            { total: job.progress.total, done: job.progress.done, failed: job.progress.failed },
            { total: 7, done: 7, failed: 0 },
          );
          assert.deepEqual(job.result, {
            datasetId: fx.datasetId,
            methods: ['glclip', 'samclip'],
            expressions: 7,
            failed: 0,
          });

          const sets = await store.read((db) =>
            db.all<{ id: number; image_id: number }>('SELECT id, image_id FROM proposal_sets ORDER BY image_id'),
          );
          assert.deepEqual(
            sets.map((s) => s.image_id),
            [...new Set(expressions.map((e) => e.image_id))].sort((a, b) => a - b),
            'one proposal set per image, shared by its expressions',
          );
          for (const e of expressions) {
            const set = sets.find((s) => s.image_id === e.image_id)!;
            const proposals = await store.read((db) =>
              db.all<{ idx: number; mask: string }>('SELECT idx, mask FROM proposals WHERE proposal_set_id = ?', [
                set.id,
              ]),
            );
            assert.ok(proposals.length >= 2, `image ${e.image_id} has ${proposals.length} proposals`);
            for (const method of ['glclip', 'samclip']) {
              const rows = await store.read((db) =>
                db.all<{ rank: number; score: number; mask: string; proposal_idx: number; proposal_set_id: number }>(
                  `SELECT rank, score, mask, proposal_idx, proposal_set_id FROM candidates
                   WHERE expression_id = ? AND method = ? ORDER BY rank`,
                  [e.id, method],
                ),
              );
              assert.equal(rows.length, proposals.length, `${method} ranks every proposal of expression ${e.id}`);
              rows.forEach((row, i) => {
                assert.equal(row.rank, i + 1);
                assert.equal(row.proposal_set_id, set.id);
                assert.equal(row.mask, proposals[row.proposal_idx].mask, 'a candidate is its proposal');
                if (i > 0) assert.ok(rows[i - 1].score >= row.score, 'best first');
              });
            }
          }
          const byExpression = (id: number) =>
            store.read((db) =>
              db.all(
                'SELECT method, rank, score, mask, proposal_idx FROM candidates WHERE expression_id = ? ORDER BY method, rank',
                [id],
              ),
            );
          assert.deepEqual(
            await byExpression(expressions[2].id),
            await byExpression(expressions[0].id),
            'the same text said twice of an image gets the same candidates under each expression',
          );
          assert.deepEqual(await store.read(annotationTables), before, 'annotations and their history are untouched');
          uninterrupted = {
            candidates: await store.read(candidateRows),
            proposals: await store.read(proposalRows),
          };
        } finally {
          await runner.close();
          await store.close();
        }
      });

      await t.test('filters: a split, then only the expressions still without candidates', async () => {
        const store = await openStore(await freshDatabase(fx, join(dir, 'filter.db')));
        const runner = createJobRunner({ store, kinds: [prelabelJobKind(store)] });
        try {
          const expressions = await expressionImages(store);
          const ids = (split: string) => expressions.filter((e) => e.split === split).map((e) => e.id);
          const run = async (filter: Record<string, unknown>) => {
            const job = await runner.settled(
              (await runner.start(PRELABEL_JOB, prelabelParams(fx, { methods: ['samclip'], filter }))).id,
            );
            assert.equal(job.state, 'done', job.error ?? '');
            return job.progress.total;
          };
          assert.equal(await run({ split: 'val' }), 2);
          assert.deepEqual(await candidateExpressions(store), ids('val'));
          assert.equal(await run({ onlyWithoutCandidates: true }), 5);
          assert.deepEqual(
            await candidateExpressions(store),
            expressions.map((e) => e.id),
          );
          assert.equal(await run({ onlyWithoutCandidates: true }), 0, 'nothing left to pre-label');
        } finally {
          await runner.close();
          await store.close();
        }
      });

      await t.test('a cancelled job stops after the expression in flight', async () => {
        const store = await openStore(await freshDatabase(fx, join(dir, 'cancel.db')));
        const runner = createJobRunner({ store, kinds: [prelabelJobKind(store)] });
        try {
          const started = await runner.start(PRELABEL_JOB, prelabelParams(fx, { methods: ['samclip'] }));
          await new Promise<void>((resolve) => {
            const stop = runner.subscribe(({ job }) => {
              if (job.id === started.id && job.progress.done >= 2) {
                stop();
                resolve();
              }
            });
          });
          const cancelled = await runner.cancel(started.id);
          assert.equal(cancelled.state, 'cancelled');
          assert.ok(cancelled.progress.done < 7, `stopped early (${cancelled.progress.done} of 7)`);
          const items = await store.read((db) =>
            db.all<{ state: string; n: number }>(
              'SELECT state, COUNT(*) AS n FROM job_items WHERE job_id = ? GROUP BY state ORDER BY state',
              [started.id],
            ),
          );
          assert.deepEqual(items, [
            { state: 'done', n: cancelled.progress.done },
            { state: 'pending', n: 7 - cancelled.progress.done },
          ]);
        } finally {
          await runner.close();
          await store.close();
        }
      });

      await t.test('bad params are refused when the job is started', async () => {
        const store = await openStore(await freshDatabase(fx, join(dir, 'bad.db')));
        const runner = createJobRunner({ store, kinds: [prelabelJobKind(store)] });
        try {
          await assert.rejects(runner.start(PRELABEL_JOB, prelabelParams(fx, { methods: ['nope'] })));
          await assert.rejects(
            runner.start(PRELABEL_JOB, prelabelParams(fx, { params: { glclip: { bogus: 1 } } })),
            /glclip has no parameter bogus/,
          );
          const missing = await runner.settled(
            (await runner.start(PRELABEL_JOB, prelabelParams(fx, { datasetId: 999 }))).id,
          );
          assert.equal(missing.state, 'failed');
          assert.match(missing.error!, /dataset 999 not found/);
        } finally {
          await runner.close();
          await store.close();
        }
      });

      await t.test('a job killed with SIGKILL midway resumes to the candidates of an uninterrupted run', async () => {
        assert.ok(uninterrupted, 'the uninterrupted run above finished');
        const dbFile = await freshDatabase(fx, join(dir, 'crash.db'));
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', CHILD, dbFile, '3', JSON.stringify(prelabelParams(fx))],
          {
            stdio: ['ignore', 'inherit', 'inherit'],
          },
        );
        const signal = await new Promise((resolve) => child.once('exit', (_code, sig) => resolve(sig)));
        assert.equal(signal, 'SIGKILL');
        const peek = await openStore(dbFile);
        const recorded = await peek.read((db) =>
          db.get<{ done: number; state: string }>('SELECT done, state FROM jobs'),
        );
        await peek.close();
        assert.equal(recorded?.state, 'running');
        assert.ok(recorded!.done >= 3 && recorded!.done < 7, `killed midway (${recorded!.done} of 7 recorded)`);

        const resumed = await openAppContext(dbFile, 'test');
        try {
          const job = await resumed.jobs.settled(1);
          assert.equal(job.state, 'done', job.error ?? '');
          assert.equal(job.progress.done, 7);
          assert.deepEqual(await resumed.store.read(proposalRows), uninterrupted!.proposals);
          assert.deepEqual(await resumed.store.read(candidateRows), uninterrupted!.candidates);
          assert.deepEqual(await resumed.store.read((db) => db.all('PRAGMA integrity_check')), [
            { integrity_check: 'ok' },
          ]);
        } finally {
          await resumed.close();
        }
      });
    } finally {
      await releasePredictModels();
    }
  });
});
