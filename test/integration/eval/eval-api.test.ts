// The eval operations called the way both transports call them (dispatch: input validation, handler, output check).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { api } from '../../../src/shared/api';
import { dispatch } from '../../../src/main/api/dispatch';
import { openAppContext } from '../../../src/main/app/context';
import { renderCsv } from '../../../src/main/eval';
import { evaluateDataset } from '../../../src/main/services/evaluate';
import { withTempDir } from '../../helpers/temp-dir';
import { buildEvalDataset } from './eval-fixture';

test('eval.run gives the results; eval.report writes CSV and HTML files and names them', () =>
  withTempDir(async (dir) => {
    const context = await openAppContext(join(dir, 'app.db'), 'test', { modelsRoot: join(dir, 'models') });
    const call = (op: string, input?: unknown) =>
      dispatch(api, context.handlers, op, input, { checkOutput: true, log: () => undefined });
    try {
      const { datasetId } = await buildEvalDataset(context.store, dir);
      const run = await call('eval.run', { datasetId, methods: ['beta'] });
      assert.ok(run.ok, JSON.stringify(run));
      const results = (run as { value: Awaited<ReturnType<typeof evaluateDataset>> }).value;
      assert.deepEqual(results.methods, ['beta']);
      const top3 = results.rows.find((r) => r.split === 'all' && r.subset === 'all' && r.selection === 'top3');
      assert.ok(top3);
      // beta's best of three: IoUs 0, .6, 1 with I 0+30+4 over U 10+50+4.
      assert.equal(top3.oIoU, 34 / 64);
      assert.ok(Math.abs(top3.mIoU - 1.6 / 3) < 1e-12);

      const csvPath = join(dir, 'reports', 'toy.csv');
      const csv = await call('eval.report', { datasetId, format: 'csv', out: csvPath });
      assert.deepEqual(csv, { ok: true, value: { path: csvPath } });
      assert.equal(await readFile(csvPath, 'utf8'), renderCsv(await evaluateDataset(context.store, { datasetId })));
      const htmlPath = join(dir, 'reports', 'toy.html');
      await call('eval.report', { datasetId, format: 'html', out: htmlPath });
      assert.match(await readFile(htmlPath, 'utf8'), /^<!DOCTYPE html>.*Evaluation — toy/s);

      const bad = await call('eval.report', { datasetId, format: 'pdf', out: csvPath });
      assert.equal(bad.ok, false);
      const unknown = await call('eval.run', { datasetId, methods: ['nope'] });
      assert.equal(unknown.ok, false);
      assert.match(JSON.stringify(unknown), /no candidates of method 'nope'/);
    } finally {
      await context.close();
    }
  }));
