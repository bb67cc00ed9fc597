import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isInsideDir, resolveInsideRoot, toDatasetRelative } from '../../../src/main/io/paths';

let base = '';
let root = '';

before(() => {
  base = mkdtempSync(join(tmpdir(), 'paths-'));
  root = join(base, 'ds');
  mkdirSync(join(root, 'img', 'sub'), { recursive: true });
  writeFileSync(join(root, 'img', 'a.jpg'), 'x');
  writeFileSync(join(base, 'secret.txt'), 'x');
  mkdirSync(join(base, 'ds-evil'));
  writeFileSync(join(base, 'ds-evil', 'x.jpg'), 'x');
  mkdirSync(join(base, 'elsewhere'));
  symlinkSync(join(base, 'secret.txt'), join(root, 'img', 'leak.jpg'));
  symlinkSync(base, join(root, 'up'));
  symlinkSync(join(root, 'img'), join(root, 'alias'));
  symlinkSync(join(base, 'nowhere.jpg'), join(root, 'dangling.jpg'));
  symlinkSync(join(base, 'ds-evil'), join(root, 'sibling'));
});

after(() => rmSync(base, { recursive: true, force: true }));

test('plain relative paths resolve under the root', () => {
  assert.equal(resolveInsideRoot(root, 'img/a.jpg'), join(root, 'img', 'a.jpg'));
  assert.equal(resolveInsideRoot(root, './img//a.jpg'), join(root, 'img', 'a.jpg'));
  assert.equal(resolveInsideRoot(root, 'img\\a.jpg'), join(root, 'img', 'a.jpg'), 'backslashes are separators');
  assert.equal(resolveInsideRoot(root, 'img/sub/'), join(root, 'img', 'sub'));
  // Not existing yet is fine: it is checked through its longest existing parent.
  assert.equal(resolveInsideRoot(root, 'img/new/b.png'), join(root, 'img', 'new', 'b.png'));
  // A symbolic link that stays inside the root is allowed.
  assert.equal(resolveInsideRoot(root, 'alias/a.jpg'), join(root, 'alias', 'a.jpg'));
  // A link that leaves and comes back in ends inside, which is what counts.
  assert.equal(resolveInsideRoot(root, 'up/ds/img/a.jpg'), join(root, 'up', 'ds', 'img', 'a.jpg'));
  // Names that merely start with dots are names.
  assert.equal(resolveInsideRoot(root, '..a/.b/..c'), join(root, '..a', '.b', '..c'));
});

test('percent-encoded dots are literal names, never decoded here', () => {
  assert.equal(resolveInsideRoot(root, '..%2f..%2fsecret.txt'), join(root, '..%2f..%2fsecret.txt'));
  assert.equal(resolveInsideRoot(root, '%2e%2e/secret.txt'), join(root, '%2e%2e', 'secret.txt'));
});

test('paths that escape the root are refused', () => {
  const refused: [string, RegExp][] = [
    ['../secret.txt', /'\.\.' segment/],
    ['img/../../secret.txt', /'\.\.' segment/],
    ['img/../a.jpg', /'\.\.' segment/],
    ['..', /'\.\.' segment/],
    ['..\\secret.txt', /'\.\.' segment/],
    ['img\\..\\..\\secret.txt', /'\.\.' segment/],
    ['.../secret.txt', /only dots and spaces/],
    ['.. /secret.txt', /only dots and spaces/],
    [join(base, 'secret.txt'), /is absolute/],
    ['/etc/passwd', /is absolute/],
    ['\\\\server\\share\\x', /is absolute/],
    ['C:\\Windows\\win.ini', /is absolute/],
    ['c:/x', /is absolute/],
    ['img/a.jpg\0.png', /NUL byte/],
    ['', /is empty/],
    ['.', /names no file/],
    ['./', /names no file/],
    ['img/leak.jpg', /outside the dataset root through a symbolic link/],
    ['up/secret.txt', /outside the dataset root through a symbolic link/],
    ['sibling/x.jpg', /outside the dataset root through a symbolic link/],
    ['up/not-there/x.jpg', /outside the dataset root through a symbolic link/],
    ['dangling.jpg', /broken symbolic link/],
  ];
  for (const [rel, why] of refused) {
    assert.throws(
      () => resolveInsideRoot(root, rel),
      (e: Error) => e.message.startsWith(`path ${JSON.stringify(rel)} `) && why.test(e.message),
      JSON.stringify(rel),
    );
  }
});

test('a missing root is an error', () => {
  assert.throws(() => resolveInsideRoot(join(base, 'gone'), 'a.jpg'), /dataset root .*gone does not exist/);
});

test('a root reached through a symbolic link works the same', () => {
  const alias = join(base, 'ds-alias');
  symlinkSync(root, alias);
  assert.equal(resolveInsideRoot(alias, 'img/a.jpg'), join(alias, 'img', 'a.jpg'));
  assert.throws(() => resolveInsideRoot(alias, 'img/leak.jpg'), /symbolic link/);
  assert.equal(toDatasetRelative(root, join(alias, 'img', 'a.jpg')), 'img/a.jpg');
});

test('toDatasetRelative gives forward-slash paths inside the root only', () => {
  assert.equal(toDatasetRelative(root, join(root, 'img', 'sub', 'x.png')), 'img/sub/x.png');
  assert.equal(toDatasetRelative(root + '/', join(root, 'img', '..', 'img', 'a.jpg')), 'img/a.jpg');
  for (const outside of [join(base, 'secret.txt'), join(base, 'ds-evil', 'x.jpg'), root, base, '/']) {
    assert.throws(() => toDatasetRelative(root, outside), /is not inside the dataset root/, outside);
  }
  // Round trip with the guard.
  assert.equal(toDatasetRelative(root, resolveInsideRoot(root, './img\\sub//y.jpg')), 'img/sub/y.jpg');
});

test('isInsideDir compares whole segments', () => {
  assert.equal(isInsideDir('/data/ds', '/data/ds/a'), true);
  assert.equal(isInsideDir('/data/ds', '/data/ds'), true);
  assert.equal(isInsideDir('/data/ds', '/data/ds-evil/a'), false);
  assert.equal(isInsideDir('/data/ds', '/data'), false);
  assert.equal(isInsideDir('/data/ds', '/data/ds/../x'), false);
});
