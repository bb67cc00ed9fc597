// The on-disk form of SAM embeddings: a round trip is exact, and every kind of damage or mismatch is refused.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  type EmbeddingIdentity,
  decodeEmbeddingFile,
  encodeEmbeddingFile,
  readEmbeddingHeader,
} from '../../../src/main/vision/cache/sam-embedding-file';
import type { SamEmbedding } from '../../../src/main/vision/sam/predictor/predictor';

const identity: EmbeddingIdentity = { imageSha: 'ab'.repeat(32), model: 'sam:0123456789abcdef', builder: '1' };

function embedding(): SamEmbedding {
  const data = new Float32Array(2 * 3 * 3);
  data.forEach((_, i) => (data[i] = Math.sin(i) * 1e3 + (i === 5 ? NaN : 0)));
  return { data, dims: [1, 2, 3, 3], image: { width: 40, height: 30 } };
}

test('round trip keeps every bit, NaN included', () => {
  const original = embedding();
  const file = encodeEmbeddingFile(original, identity);
  const back = decodeEmbeddingFile(file, identity);
  assert.deepEqual(back.dims, original.dims);
  assert.deepEqual(back.image, original.image);
  assert.deepEqual(new Uint8Array(back.data.buffer), new Uint8Array(original.data.buffer));
});

test('reads from an unaligned buffer', () => {
  const file = encodeEmbeddingFile(embedding(), identity);
  const shifted = new Uint8Array(file.length + 1).subarray(1);
  shifted.set(file);
  assert.deepEqual(decodeEmbeddingFile(shifted, identity).data, embedding().data);
});

test('the header alone tells a complete file from a truncated one', () => {
  const file = encodeEmbeddingFile(embedding(), identity);
  const { header, dataBytes } = readEmbeddingHeader(file.subarray(0, file.length - 18 * 4), file.length, identity);
  assert.equal(dataBytes, 18 * 4);
  assert.deepEqual(header.dims, [1, 2, 3, 3]);
  assert.throws(() => readEmbeddingHeader(file, file.length - 1, identity), /header promises/);
});

test('refuses truncated, extended, corrupted and foreign files', () => {
  const file = encodeEmbeddingFile(embedding(), identity);
  assert.throws(() => decodeEmbeddingFile(file.subarray(0, file.length - 4), identity), /header promises/);
  assert.throws(() => decodeEmbeddingFile(file.subarray(0, 10), identity), /not a SAM embedding file/);
  assert.throws(() => decodeEmbeddingFile(new Uint8Array([...file, 0, 0, 0, 0]), identity), /header promises/);
  const flipped = file.slice();
  flipped[flipped.length - 3] ^= 1;
  assert.throws(() => decodeEmbeddingFile(flipped, identity), /digest mismatch/);
  const badMagic = file.slice();
  badMagic[0] = 0;
  assert.throws(() => decodeEmbeddingFile(badMagic, identity), /not a SAM embedding file/);
  const badVersion = file.slice();
  badVersion[8] = 9;
  assert.throws(() => decodeEmbeddingFile(badVersion, identity), /version 9/);
  const badJson = file.slice();
  badJson[16] = 0x20;
  assert.throws(() => decodeEmbeddingFile(badJson, identity), /not JSON/);
  assert.throws(() => decodeEmbeddingFile(file, { ...identity, imageSha: 'cd'.repeat(32) }), /imageSha/);
  assert.throws(() => decodeEmbeddingFile(file, { ...identity, model: 'sam:ffffffffffffffff' }), /model/);
  assert.throws(() => decodeEmbeddingFile(file, { ...identity, builder: '2' }), /builder/);
});

test('refuses to write an embedding whose dims do not match its data', () => {
  const bad = { ...embedding(), dims: [1, 2, 3, 4] };
  assert.throws(() => encodeEmbeddingFile(bad, identity), /need another count/);
  assert.throws(() => encodeEmbeddingFile({ ...embedding(), dims: [2, 1, 3, 3] }, identity), /\[1, C, H, W\]/);
  assert.throws(
    () => encodeEmbeddingFile({ ...embedding(), image: { width: 0, height: 3 } }, identity),
    /positive integers/,
  );
});
