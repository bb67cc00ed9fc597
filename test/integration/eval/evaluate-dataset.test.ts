// evaluateDataset over a dataset built through the store services: every metric against values counted by hand
// from the fixture's masks (see eval-fixture.ts for each candidate's intersection and union).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { EvalResults } from '../../../src/main/eval';
import { evaluateDataset } from '../../../src/main/services/evaluate';
import { openStore } from '../../../src/main/store/open-store';
import { withTempDir } from '../../helpers/temp-dir';
import { buildEvalDataset } from './eval-fixture';

type Key = `${string}/${string}/${string}/${string}`;

function rowsByKey(results: EvalResults): Map<Key, EvalResults['rows'][number]> {
  return new Map(results.rows.map((r) => [`${r.method}/${r.split}/${r.subset}/${r.selection}` as Key, r]));
}

/** [count, mIoU, oIoU, Prec@.5, .6, .7, .8, .9] per row, from the IoUs listed in the fixture. */
const EXPECTED: Record<Key, number[]> = {
  // alpha: val IoUs [1, .5] (I 10+25, U 10+50); testA top-1 0 (0/8), top-3 1 (4/4).
  'alpha/val/all/top1': [2, 0.75, 35 / 60, 0.5, 0.5, 0.5, 0.5, 0.5],
  'alpha/val/all/top3': [2, 0.75, 35 / 60, 0.5, 0.5, 0.5, 0.5, 0.5],
  'alpha/val/direction/top1': [1, 1, 1, 1, 1, 1, 1, 1],
  'alpha/val/direction/top3': [1, 1, 1, 1, 1, 1, 1, 1],
  'alpha/val/other/top1': [1, 0.5, 0.5, 0, 0, 0, 0, 0],
  'alpha/val/other/top3': [1, 0.5, 0.5, 0, 0, 0, 0, 0],
  'alpha/testA/all/top1': [1, 0, 0, 0, 0, 0, 0, 0],
  'alpha/testA/all/top3': [1, 1, 1, 1, 1, 1, 1, 1],
  'alpha/testA/other/top1': [1, 0, 0, 0, 0, 0, 0, 0],
  'alpha/testA/other/top3': [1, 1, 1, 1, 1, 1, 1, 1],
  'alpha/all/all/top1': [3, 0.5, 35 / 68, 1 / 3, 1 / 3, 1 / 3, 1 / 3, 1 / 3],
  'alpha/all/all/top3': [3, 2.5 / 3, 39 / 64, 2 / 3, 2 / 3, 2 / 3, 2 / 3, 2 / 3],
  'alpha/all/direction/top1': [1, 1, 1, 1, 1, 1, 1, 1],
  'alpha/all/direction/top3': [1, 1, 1, 1, 1, 1, 1, 1],
  'alpha/all/other/top1': [2, 0.25, 25 / 58, 0, 0, 0, 0, 0],
  'alpha/all/other/top3': [2, 0.75, 29 / 54, 0.5, 0.5, 0.5, 0.5, 0.5],
  // beta: E1 empty (0/10); E2 top-1 0/75, top-3 .6 (30/50, not above .6); E3 1 (4/4).
  'beta/val/all/top1': [2, 0, 0, 0, 0, 0, 0, 0],
  'beta/val/all/top3': [2, 0.3, 30 / 60, 0.5, 0, 0, 0, 0],
  'beta/val/direction/top1': [1, 0, 0, 0, 0, 0, 0, 0],
  'beta/val/direction/top3': [1, 0, 0, 0, 0, 0, 0, 0],
  'beta/val/other/top1': [1, 0, 0, 0, 0, 0, 0, 0],
  'beta/val/other/top3': [1, 0.6, 0.6, 1, 0, 0, 0, 0],
  'beta/testA/all/top1': [1, 1, 1, 1, 1, 1, 1, 1],
  'beta/testA/all/top3': [1, 1, 1, 1, 1, 1, 1, 1],
  'beta/testA/other/top1': [1, 1, 1, 1, 1, 1, 1, 1],
  'beta/testA/other/top3': [1, 1, 1, 1, 1, 1, 1, 1],
  'beta/all/all/top1': [3, 1 / 3, 4 / 89, 1 / 3, 1 / 3, 1 / 3, 1 / 3, 1 / 3],
  'beta/all/all/top3': [3, 1.6 / 3, 34 / 64, 2 / 3, 1 / 3, 1 / 3, 1 / 3, 1 / 3],
  'beta/all/direction/top1': [1, 0, 0, 0, 0, 0, 0, 0],
  'beta/all/direction/top3': [1, 0, 0, 0, 0, 0, 0, 0],
  'beta/all/other/top1': [2, 0.5, 4 / 79, 0.5, 0.5, 0.5, 0.5, 0.5],
  'beta/all/other/top3': [2, 0.8, 34 / 54, 1, 0.5, 0.5, 0.5, 0.5],
};

function assertRows(results: EvalResults, expected: Partial<Record<Key, number[]>>): void {
  const rows = rowsByKey(results);
  assert.deepEqual([...rows.keys()].sort(), Object.keys(expected).sort());
  for (const [key, want] of Object.entries(expected)) {
    const r = rows.get(key as Key)!;
    const got = [r.count, r.mIoU, r.oIoU, ...r.precision];
    got.forEach((v, i) => assert.ok(Math.abs(v - want![i]) < 1e-12, `${key} value ${i}: ${v}, expected ${want![i]}`));
  }
}

test('every method, split, subset and selection matches the hand-counted overlaps', async () => {
  await withTempDir(async (dir) => {
    const store = await openStore(join(dir, 'eval.db'));
    try {
      const { datasetId } = await buildEvalDataset(store, dir);
      const results = await evaluateDataset(store, { datasetId });
      assert.deepEqual(results.methods, ['alpha', 'beta'], 'gamma has candidates only where there is no ground truth');
      assert.deepEqual(results.splits, ['val', 'testA', 'all']);
      assert.deepEqual(results.thresholds, [0.5, 0.6, 0.7, 0.8, 0.9]);
      assertRows(results, EXPECTED);
    } finally {
      await store.close();
    }
  });
});

test('methods and splits can be chosen; an unknown method or dataset is an error that names it', async () => {
  await withTempDir(async (dir) => {
    const store = await openStore(join(dir, 'eval.db'));
    try {
      const { datasetId } = await buildEvalDataset(store, dir);
      const one = await evaluateDataset(store, { datasetId, methods: ['beta'], splits: ['val'] });
      assert.deepEqual(one.methods, ['beta']);
      assert.deepEqual(one.splits, ['val']);
      assertRows(
        one,
        Object.fromEntries(Object.entries(EXPECTED).filter(([k]) => k.startsWith('beta/val/'))) as Record<
          Key,
          number[]
        >,
      );
      assert.deepEqual((await evaluateDataset(store, { datasetId, methods: ['beta', 'alpha'] })).methods, [
        'beta',
        'alpha',
      ]);
      await assert.rejects(
        evaluateDataset(store, { datasetId, methods: ['alpha', 'gamma'] }),
        /dataset \d+: no candidates of method 'gamma' .*\(methods with candidates: alpha, beta\)/,
      );
      await assert.rejects(evaluateDataset(store, { datasetId: datasetId + 100 }), /dataset \d+ not found/);
    } finally {
      await store.close();
    }
  });
});
