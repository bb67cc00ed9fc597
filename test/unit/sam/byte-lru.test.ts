// The byte-bounded LRU that holds SAM embeddings and refinement logits in memory.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteLru } from '../../../src/main/vision/cache/byte-lru';

const lru = (maxBytes: number) => new ByteLru<string, Uint8Array>(maxBytes, (v) => v.byteLength);

test('evicts the least recently used entries until the bytes fit', () => {
  const cache = lru(10);
  cache.set('a', new Uint8Array(4));
  cache.set('b', new Uint8Array(4));
  assert.equal(cache.bytes, 8);
  assert.ok(cache.get('a'), 'a is now more recent than b');
  cache.set('c', new Uint8Array(4));
  assert.deepEqual(cache.keys(), ['a', 'c']);
  assert.equal(cache.bytes, 8);
  cache.set('d', new Uint8Array(9));
  assert.deepEqual(cache.keys(), ['d'], 'a large entry pushes out several small ones');
  assert.equal(cache.bytes, 9);
});

test('replacing a key counts its bytes once', () => {
  const cache = lru(10);
  cache.set('a', new Uint8Array(6));
  cache.set('a', new Uint8Array(3));
  assert.equal(cache.bytes, 3);
  assert.equal(cache.size, 1);
  assert.equal(cache.get('a')?.byteLength, 3);
});

test('an entry larger than the budget is refused and evicts nothing', () => {
  const cache = lru(10);
  cache.set('a', new Uint8Array(5));
  assert.equal(cache.set('huge', new Uint8Array(11)), false);
  assert.equal(cache.has('huge'), false);
  assert.deepEqual(cache.keys(), ['a']);
});

test('has does not refresh; delete and clear release the bytes', () => {
  const cache = lru(8);
  cache.set('a', new Uint8Array(4));
  cache.set('b', new Uint8Array(4));
  assert.ok(cache.has('a'));
  cache.set('c', new Uint8Array(4));
  assert.deepEqual(cache.keys(), ['b', 'c'], 'has() left a the oldest');
  assert.equal(cache.delete('b'), true);
  assert.equal(cache.delete('b'), false);
  assert.equal(cache.bytes, 4);
  cache.clear();
  assert.equal(cache.bytes, 0);
  assert.equal(cache.get('c'), undefined);
});

test('a negative budget is an error', () => {
  assert.throws(() => lru(-1), /maxBytes must be ≥ 0/);
});
