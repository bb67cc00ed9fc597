// SamProposals caches image embeddings by image hash: in memory (bounded by bytes), on disk (bounded, least
// recently used first, every file checked before it is trusted), and one encode for simultaneous requests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, truncate, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeEmbeddingFile } from '../../../../src/main/vision/cache/sam-embedding-file';
import { SamProposals, type SamProposalsOptions } from '../../../../src/main/vision/pipeline/sam-proposals';
import { amgPreset } from '../../../../src/main/vision/sam/amg/params';
import { SAM_BUILDER_VERSION } from '../../../../src/main/vision/sam/model/compile';
import type { SamEmbedding } from '../../../../src/main/vision/sam/predictor/predictor';
import { withTempDir } from '../../../helpers/temp-dir';
import { copySamCheckpoint, loader, scene, sceneSha } from './sam-cache-scene';

/** 1 × 32 × 64 × 64 float32: the tiny checkpoint's embedding. */
const EMBEDDING_BYTES = 32 * 64 * 64 * 4;

function bits(e: SamEmbedding): Uint8Array {
  return new Uint8Array(e.data.buffer, e.data.byteOffset, e.data.byteLength);
}

/** Cache files under cacheDir, relative to sam-embeddings/. */
async function cacheFiles(cacheDir: string): Promise<string[]> {
  const names = await readdir(join(cacheDir, 'sam-embeddings'), { recursive: true }).catch(() => []);
  return names.filter((n) => n.endsWith('.bin')).sort();
}

test('SAM embedding cache on the tiny checkpoint', async (t) => {
  await withTempDir(async (dir) => {
    const samDir = join(dir, 'sam');
    await mkdir(samDir);
    await copySamCheckpoint(samDir);
    const opened: SamProposals[] = [];
    const open = async (options: SamProposalsOptions = {}) => {
      const sam = await SamProposals.load(samDir, {}, options);
      opened.push(sam);
      return sam;
    };
    try {
      await t.test('a second request for an image neither decodes nor encodes it', async () => {
        const sam = await open();
        const load = loader(scene(1));
        const first = await sam.embedding(sceneSha(1), load);
        assert.deepEqual(first.dims, [1, 32, 64, 64]);
        assert.deepEqual(first.image, { width: 120, height: 80 });
        const second = await sam.embedding(sceneSha(1), load);
        assert.equal(second, first);
        assert.equal(sam.encodes, 1);
        assert.equal(load.calls, 1);
        assert.equal(sam.cacheStats.memoryHits, 1);
      });

      await t.test('simultaneous requests share one encode', async () => {
        const sam = await open();
        const load = loader(scene(2));
        const all = await Promise.all([1, 2, 3].map(() => sam.embedding(sceneSha(2), load)));
        assert.equal(sam.encodes, 1);
        assert.equal(load.calls, 1);
        assert.ok(all.every((e) => e === all[0]));
      });

      await t.test('a fresh instance reads the disk copy, bit for bit, and the model names the folder', async () => {
        const cacheDir = join(dir, 'cache-reuse');
        const writer = await open({ cacheDir });
        const encoded = await writer.embedding(sceneSha(3), loader(scene(3)));
        assert.deepEqual(await cacheFiles(cacheDir), [
          join(`${writer.modelName.replace(':', '_')}.b${SAM_BUILDER_VERSION}`, `${sceneSha(3)}.bin`),
        ]);
        const reader = await open({ cacheDir });
        assert.equal(await reader.isCached(sceneSha(3)), true);
        const load = loader(scene(3));
        const read = await reader.embedding(sceneSha(3), load);
        assert.equal(reader.encodes, 0);
        assert.equal(load.calls, 0);
        assert.equal(reader.cacheStats.diskHits, 1);
        assert.deepEqual(read.dims, encoded.dims);
        assert.deepEqual(read.image, encoded.image);
        assert.deepEqual(bits(read), bits(encoded));
      });

      await t.test('truncated files and files of another image are ignored and replaced', async () => {
        const cacheDir = join(dir, 'cache-damaged');
        const good = await open({ cacheDir });
        const original = await good.embedding(sceneSha(4), loader(scene(4)));
        const [name] = await cacheFiles(cacheDir);
        const file = join(cacheDir, 'sam-embeddings', name);
        const goodBytes = await readFile(file);
        const foreign = encodeEmbeddingFile(original, {
          imageSha: sceneSha(5),
          model: good.modelName,
          builder: SAM_BUILDER_VERSION,
        });
        const damages: [string, () => Promise<void>][] = [
          ['truncated', () => truncate(file, goodBytes.length - 1000)],
          ['another image', () => writeFile(file, foreign)],
        ];
        for (const [what, damage] of damages) {
          await damage();
          const sam = await open({ cacheDir });
          assert.equal(await sam.isCached(sceneSha(4)), false, what);
          const again = await sam.embedding(sceneSha(4), loader(scene(4)));
          assert.equal(sam.encodes, 1, `${what}: encoded again`);
          assert.equal(sam.cacheStats.diskRejected, 1, what);
          assert.deepEqual(bits(again), bits(original), `${what}: the encoder is deterministic`);
          assert.deepEqual(await readFile(file), goodBytes, `${what}: the file was rewritten`);
        }
      });

      await t.test('memory holds embeddings up to its byte budget, least recently used leaving first', async () => {
        const sam = await open({ memoryBytes: 2.5 * EMBEDDING_BYTES });
        for (const seed of [10, 11]) await sam.embedding(sceneSha(seed), loader(scene(seed)));
        await sam.embedding(sceneSha(10), loader(scene(10)));
        assert.equal(sam.encodes, 2, 'two fit');
        await sam.embedding(sceneSha(12), loader(scene(12)));
        assert.equal(sam.encodes, 3);
        assert.equal(await sam.isCached(sceneSha(11)), false, '11, the least recently used, left for the third');
        assert.equal(await sam.isCached(sceneSha(10)), true);
        assert.equal(await sam.isCached(sceneSha(12)), true);
      });

      await t.test('the disk keeps the most recently used files within its cap', async () => {
        const cacheDir = join(dir, 'cache-small');
        const sam = await open({ cacheDir, diskBytes: 2.5 * EMBEDDING_BYTES });
        await sam.embedding(sceneSha(20), loader(scene(20)));
        await sam.embedding(sceneSha(21), loader(scene(21)));
        const [a, b] = await Promise.all(
          [20, 21].map(async (s) => (await cacheFiles(cacheDir)).find((n) => n.includes(sceneSha(s)))!),
        );
        // File times can tie within a clock tick; set them apart so the order is the test's, not the clock's.
        await utimes(join(cacheDir, 'sam-embeddings', a), new Date(1e12), new Date(1e12));
        await utimes(join(cacheDir, 'sam-embeddings', b), new Date(1e12 + 1000), new Date(1e12 + 1000));
        const reader = await open({ cacheDir, diskBytes: 2.5 * EMBEDDING_BYTES });
        await reader.embedding(sceneSha(20), loader(scene(20)));
        assert.equal(reader.encodes, 0, 'read from disk, which makes 20 the most recent');
        await sam.embedding(sceneSha(22), loader(scene(22)));
        const left = await cacheFiles(cacheDir);
        assert.equal(left.length, 2);
        assert.ok(!left.some((n) => n.includes(sceneSha(21))), '21 was the least recently used');
        const fresh = await open({ cacheDir });
        assert.equal(await fresh.isCached(sceneSha(21)), false);
        assert.equal(await fresh.isCached(sceneSha(20)), true);
        assert.equal(await fresh.isCached(sceneSha(22)), true);
      });

      await t.test('prepare encodes only what is not cached, without loading disk copies', async () => {
        const cacheDir = join(dir, 'cache-prepare');
        const sam = await open({ cacheDir });
        const load = loader(scene(30));
        assert.equal(await sam.prepare(sceneSha(30), load), true);
        assert.equal(await sam.prepare(sceneSha(30), load), false);
        assert.equal(load.calls, 1);
        const fresh = await open({ cacheDir });
        assert.equal(await fresh.prepare(sceneSha(30), loader(scene(30))), false);
        assert.equal(fresh.encodes, 0);
        assert.equal(fresh.cacheStats.diskHits, 0, 'prepare only checked the file');
        const both = await Promise.all([
          fresh.prepare(sceneSha(31), loader(scene(31))),
          fresh.prepare(sceneSha(31), loader(scene(31))),
        ]);
        assert.deepEqual(both.sort(), [false, true], 'one of two simultaneous calls did the work');
        assert.equal(fresh.encodes, 1);
      });

      await t.test('automatic mask generation with the hash takes the cached embedding', async () => {
        const sam = await open();
        const image = scene(40);
        await sam.embedding(sceneSha(40), loader(image));
        const params = amgPreset('sam-default', { pointsPerSide: 4, predIouThresh: 0, stabilityScoreThresh: 0 });
        const cached = await sam.generate(image, params, sceneSha(40));
        assert.equal(sam.encodes, 1);
        const uncached = await sam.generate(image, params);
        assert.ok(cached.masks.length > 0);
        assert.deepEqual(
          cached.masks.map((m) => m.segmentation),
          uncached.masks.map((m) => m.segmentation),
        );
      });

      await t.test('an image key must be a SHA-256', async () => {
        const sam = await open({ cacheDir: join(dir, 'cache-keys') });
        await assert.rejects(sam.embedding('../etc', loader(scene(1))), /not an image SHA-256/);
        await assert.rejects(sam.isCached('ABC'), /not an image SHA-256/);
      });
    } finally {
      for (const sam of opened) await sam.release();
    }
  });
});
