// The reflabel command as a user runs it: import, stats and export on a generated dataset, and its usage errors.
import assert from 'node:assert/strict';
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeCocoImages } from '../../helpers/images';
import { withTempDir } from '../../helpers/temp-dir';
import { runCli } from './run-cli';

const FIXTURES = new URL('../../fixtures/io/', import.meta.url);

test('import, stats and export through the CLI', async () => {
  await withTempDir(async (dir) => {
    const coco = JSON.parse(await readFile(new URL('coco-mixed.json', FIXTURES), 'utf8'));
    await writeCocoImages(join(dir, 'data'), coco.images);
    await copyFile(new URL('coco-mixed.json', FIXTURES), join(dir, 'data', 'instances.json'));
    const db = join(dir, 'cli.db');

    const imported = await runCli(['import', join(dir, 'data', 'instances.json'), '--db', db, '--name', 'mixed']);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /3 images, 3 categories, 6 annotations/);

    const stats = await runCli(['stats', '--db', db, '--json']);
    assert.equal(stats.code, 0, stats.stderr);
    const parsed = JSON.parse(stats.stdout);
    assert.equal(parsed.datasets[0].name, 'mixed');
    assert.equal(parsed.datasets[0].groundTruth, 6);

    const out = join(dir, 'export.json');
    const exported = await runCli([
      'export',
      '--db',
      db,
      '--dataset',
      'mixed',
      '--format',
      'coco',
      '--out',
      out,
      '--segmentation',
      'polygon',
      '--include',
      'gt',
    ]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stderr, /warning: polygon export lost 1 hole/);
    const doc = JSON.parse(await readFile(out, 'utf8'));
    assert.equal(doc.annotations.length, 6);
  });
});

test('usage mistakes exit 2 and say what is wrong', async () => {
  const noCommand = await runCli([]);
  assert.equal(noCommand.code, 2);
  assert.match(noCommand.stdout, /usage: reflabel/);

  const unknown = await runCli(['frobnicate']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown command 'frobnicate'/);

  const badFormat = await runCli([
    'export',
    '--db',
    '/nonexistent/x.db',
    '--dataset',
    'd',
    '--format',
    'tiff',
    '--out',
    'x',
  ]);
  assert.equal(badFormat.code, 2);
  assert.match(badFormat.stderr, /--format must be one of coco, refcoco, png \(got 'tiff'\)/);
});

test('a failure exits 1 with the reason', async () => {
  await withTempDir(async (dir) => {
    const missing = await runCli([
      'export',
      '--db',
      join(dir, 'x.db'),
      '--dataset',
      'nope',
      '--format',
      'coco',
      '--out',
      join(dir, 'o.json'),
    ]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope/);
  });
});
