import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { scanImageFolder } from '../../../src/main/io/image-folder';

// The scanner goes by name, so the "images" here are a few bytes each.
let base = '';
let root = '';

function file(rel: string, at = root): void {
  mkdirSync(dirname(join(at, rel)), { recursive: true });
  writeFileSync(join(at, rel), 'x');
}

before(() => {
  base = mkdtempSync(join(tmpdir(), 'scan-'));
  root = join(base, 'dataset');
  for (const rel of [
    'b.jpg',
    'A.JPG',
    'c.Jpeg',
    'd.png',
    'e.webp',
    'f.WEBP',
    'notes.txt',
    'g.jpg.txt',
    'gif.gif',
    'nested/deeper/h.png',
    'nested/i.jpeg',
    'space dir/j k.jpg',
    '.hidden/secret.jpg',
    'nested/.cache/thumb.jpg',
    '._b.jpg',
    'real/k.png',
  ]) {
    file(rel);
  }
  mkdirSync(join(root, 'folder.jpg')); // a folder with an image name is not an image
  file('outside.jpg', base);
  file('outdir/o.jpg', base);
  symlinkSync(join(root, 'real/k.png'), join(root, 'link-inside.png'));
  symlinkSync(join(root, 'real'), join(root, 'linked-dir'));
  symlinkSync(join(base, 'outside.jpg'), join(root, 'link-outside.jpg'));
  symlinkSync(join(base, 'outdir'), join(root, 'outdir-link'));
  symlinkSync(join(root, 'missing.jpg'), join(root, 'broken.jpg'));
  symlinkSync(root, join(root, 'nested', 'loop'));
  symlinkSync('..', join(root, 'real', 'up'));
});

after(() => rmSync(base, { recursive: true, force: true }));

test('lists images recursively, sorted, with forward slashes', async () => {
  assert.deepEqual(await scanImageFolder(root), [
    'A.JPG',
    'b.jpg',
    'c.Jpeg',
    'd.png',
    'e.webp',
    'f.WEBP',
    'link-inside.png',
    'linked-dir/k.png',
    'nested/deeper/h.png',
    'nested/i.jpeg',
    'real/k.png',
    'space dir/j k.jpg',
  ]);
});

test('an empty folder has no images; a missing one is an error naming it', async () => {
  const empty = join(base, 'empty');
  mkdirSync(empty);
  assert.deepEqual(await scanImageFolder(empty), []);
  await assert.rejects(
    scanImageFolder(join(base, 'nope')),
    new RegExp(`^Error: ${join(base, 'nope')}: cannot open the image folder`),
  );
});

test('a root given through a symbolic link is scanned like the real folder', async () => {
  const alias = join(base, 'alias');
  symlinkSync(root, alias);
  assert.deepEqual(await scanImageFolder(alias), await scanImageFolder(root));
});
