// The size-bounded cache folder behind SAM embeddings on disk: atomic writes, touch on read, eviction by age.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DiskCache } from '../../../src/main/vision/cache/disk-cache';
import { withTempDir } from '../../helpers/temp-dir';

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);

async function age(cache: DiskCache, key: string, secondsAgo: number): Promise<void> {
  const when = new Date(Date.now() - secondsAgo * 1000);
  await utimes(cache.path(key), when, when);
}

test('reads back what it wrote; a missing key is null', async () => {
  await withTempDir(async (dir) => {
    const cache = new DiskCache(join(dir, 'c'), 1000);
    assert.equal(await cache.read('m/a.bin'), null);
    assert.equal(await cache.peek('m/a.bin', 4), null);
    await cache.write('m/a.bin', bytes(10, 7));
    assert.deepEqual(new Uint8Array((await cache.read('m/a.bin'))!), bytes(10, 7));
    assert.deepEqual(await cache.peek('m/a.bin', 4), { start: bytes(4, 7), size: 10 });
    await cache.remove('m/a.bin');
    assert.equal(await cache.read('m/a.bin'), null);
  });
});

test('evicts the least recently used files, across model folders, once over budget', async () => {
  await withTempDir(async (dir) => {
    const cache = new DiskCache(dir, 25);
    await cache.write('old/a.bin', bytes(10, 1));
    await cache.write('new/b.bin', bytes(10, 2));
    await age(cache, 'old/a.bin', 30);
    await age(cache, 'new/b.bin', 20);
    assert.ok(await cache.read('old/a.bin'), 'a read makes a the most recent');
    await cache.write('new/c.bin', bytes(10, 3));
    const keys = (await cache.files()).map((f) => f.key).sort();
    assert.deepEqual(keys, ['new/c.bin', 'old/a.bin']);
  });
});

test('peek does not count as use', async () => {
  await withTempDir(async (dir) => {
    const cache = new DiskCache(dir, 25);
    await cache.write('a.bin', bytes(10, 1));
    await cache.write('b.bin', bytes(10, 2));
    await age(cache, 'a.bin', 30);
    await age(cache, 'b.bin', 20);
    assert.ok(await cache.peek('a.bin', 1));
    await cache.write('c.bin', bytes(10, 3));
    assert.deepEqual((await cache.files()).map((f) => f.key).sort(), ['b.bin', 'c.bin']);
  });
});

test('a file larger than the whole budget does not stay', async () => {
  await withTempDir(async (dir) => {
    const cache = new DiskCache(dir, 5);
    await cache.write('big.bin', bytes(6, 1));
    assert.deepEqual(await cache.files(), []);
  });
});

test('leftover partial writes count and age out', async () => {
  await withTempDir(async (dir) => {
    const cache = new DiskCache(dir, 15);
    await writeFile(join(dir, 'a.bin.1234.partial'), bytes(10, 0));
    await age(cache, 'a.bin.1234.partial', 60);
    await cache.write('b.bin', bytes(10, 1));
    assert.deepEqual(await readdir(dir), ['b.bin']);
  });
});

test('simultaneous writes of one key leave one whole file and no partial ones', async () => {
  await withTempDir(async (dir) => {
    const cache = new DiskCache(dir, 1e9);
    await Promise.all([1, 2, 3, 4].map((k) => cache.write('a.bin', bytes(100_000, k))));
    assert.deepEqual(await readdir(dir), ['a.bin']);
    const file = new Uint8Array((await cache.read('a.bin'))!);
    assert.equal((await stat(cache.path('a.bin'))).size, 100_000);
    assert.ok(file.every((v) => v === file[0]));
  });
});

test('keys must stay inside the folder', () => {
  const cache = new DiskCache('/tmp/x', 1);
  for (const key of ['../a.bin', '/a.bin', 'a/../../b', 'a//b', 'a\\b', '', '.', 'm/..']) {
    assert.throws(() => cache.path(key), /not a relative path of plain names/, key);
  }
  assert.equal(cache.path('m/a.bin'), join('/tmp/x', 'm', 'a.bin'));
});
