// `reflabel eval` as a user runs it, on the hand-counted dataset of eval-fixture.ts: the JSON, the text table, the
// CSV and HTML files, and its mistakes.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { openStore } from '../../../src/main/store/open-store';
import { withTempDir } from '../../helpers/temp-dir';
import { runCli } from '../cli/run-cli';
import { buildEvalDataset } from './eval-fixture';

async function fixtureDb(dir: string): Promise<string> {
  const db = join(dir, 'eval.db');
  const store = await openStore(db);
  try {
    await buildEvalDataset(store, dir, 'toy');
  } finally {
    await store.close();
  }
  return db;
}

test('eval prints JSON and a table, and writes the CSV and HTML reports', async () => {
  await withTempDir(async (dir) => {
    const db = await fixtureDb(dir);
    const csv = join(dir, 'out', 'eval.csv');
    const html = join(dir, 'out', 'eval.html');
    const json = await runCli([
      'eval',
      '--db',
      db,
      '--dataset',
      'toy',
      '--methods',
      'alpha,beta',
      '--json',
      '--csv',
      csv,
      '--html',
      html,
    ]);
    assert.equal(json.code, 0, json.stderr);
    assert.match(json.stderr, /wrote .*eval\.csv/);
    const results = JSON.parse(json.stdout);
    assert.deepEqual(results.methods, ['alpha', 'beta']);
    assert.deepEqual(results.splits, ['val', 'testA', 'all']);
    const row = (method: string, split: string, subset: string, selection: string) =>
      results.rows.find(
        (r: Record<string, unknown>) =>
          r.method === method && r.split === split && r.subset === subset && r.selection === selection,
      );
    // alpha over all splits: IoUs 1, .5, 0 (I 10+25+0, U 10+50+8); beta's top-3: 0, .6, 1 (I 0+30+4, U 10+50+4).
    assert.equal(row('alpha', 'all', 'all', 'top1').mIoU, 0.5);
    assert.equal(row('alpha', 'all', 'all', 'top1').oIoU, 35 / 68);
    assert.deepEqual(row('beta', 'all', 'all', 'top3').precision, [2 / 3, 1 / 3, 1 / 3, 1 / 3, 1 / 3]);
    assert.equal(row('beta', 'all', 'all', 'top3').oIoU, 34 / 64);

    const text = await runCli(['eval', '--db', db, '--dataset', 'toy']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^alpha\s+val\s+2\s+75\.00\s+58\.33\s+50\.00/m);
    assert.match(text.stdout, /^beta\s+all\s+3\s+33\.33\s+4\.49\s+33\.33.*53\.33$/m);

    const lines = (await readFile(csv, 'utf8')).split('\r\n');
    assert.equal(
      lines[0],
      'method,split,subset,selection,count,mIoU (%),oIoU (%),P@0.5 (%),P@0.6 (%),P@0.7 (%),P@0.8 (%),P@0.9 (%)',
    );
    assert.ok(lines.includes('alpha,all,all,top1,3,50.00,51.47,33.33,33.33,33.33,33.33,33.33'), lines.join('\n'));
    assert.ok(lines.includes('beta,val,other,top3,1,60.00,60.00,100.00,0.00,0.00,0.00,0.00'), lines.join('\n'));
    assert.equal(lines.length, 1 + 32 + 1, 'header, 32 rows and the final line break');
    const page = await readFile(html, 'utf8');
    assert.match(page, /<title>Evaluation — toy<\/title>/);
    assert.equal((page.match(/<svg /g) ?? []).length, 9, 'three charts for each of val, testA and all');
    assert.doesNotMatch(page, /<script|src=|href=/, 'self-contained');
  });
});

test('eval names the mistake: an unknown method or split', async () => {
  await withTempDir(async (dir) => {
    const db = await fixtureDb(dir);
    const method = await runCli(['eval', '--db', db, '--dataset', 'toy', '--methods', 'alpha,nope']);
    assert.equal(method.code, 1);
    assert.match(method.stderr, /no candidates of method 'nope'/);
    const split = await runCli(['eval', '--db', db, '--dataset', 'toy', '--splits', 'val,dev']);
    assert.equal(split.code, 2);
    assert.match(split.stderr, /--splits takes a comma list of/);
  });
});
