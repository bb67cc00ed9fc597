import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { downloadFile } from '../../../src/main/models/download';
import { withTempDir } from '../../helpers/temp-dir';
import { startFileServer } from './http-fixture';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

test('a good file downloads with progress, is hash-checked and lands atomically', async () => {
  const body = randomBytes(300_000);
  const server = await startFileServer({ '/good.bin': { body } });
  try {
    await withTempDir(async (dir) => {
      const dest = join(dir, 'sub', 'good.bin');
      const seen: number[] = [];
      const result = await downloadFile(server.url('/good.bin'), dest, {
        expectedSha256: sha(body),
        expectedSize: body.length,
        onProgress: (p) => {
          assert.equal(p.total, body.length);
          seen.push(p.received);
        },
      });
      assert.deepEqual(result, { file: dest, size: body.length, sha256: sha(body), resumedFrom: 0 });
      assert.ok((await readFile(dest)).equals(body));
      assert.equal(seen.at(-1), body.length);
      assert.ok(seen.every((v, i) => i === 0 || v > seen[i - 1]));
      assert.deepEqual(await readdir(join(dir, 'sub')), ['good.bin']);
    });
  } finally {
    await server.close();
  }
});

test('a corrupt file is refused with both hashes named and nothing left behind', async () => {
  const body = randomBytes(50_000);
  const server = await startFileServer({ '/corrupt.bin': { body } });
  try {
    await withTempDir(async (dir) => {
      const expected = sha(Buffer.from('what the catalog promised'));
      const dest = join(dir, 'corrupt.bin');
      await assert.rejects(
        downloadFile(server.url('/corrupt.bin'), dest, { expectedSha256: expected }),
        new RegExp(`corrupt\\.bin: SHA-256 mismatch: expected ${expected}, got ${sha(body)}`),
      );
      assert.deepEqual(await readdir(dir), []);
      await assert.rejects(
        downloadFile(server.url('/corrupt.bin'), dest, { expectedSize: 10 }),
        /the server offers 50000 bytes, the catalog expects 10/,
      );
      await assert.rejects(downloadFile(server.url('/missing.bin'), dest), /missing\.bin: HTTP 404 Not Found/);
    });
  } finally {
    await server.close();
  }
});

test('an interrupted download keeps its part file and resumes with a Range request', async () => {
  const body = randomBytes(400_000);
  const server = await startFileServer({ '/flaky.bin': { body, cutFirstAfter: 150_000 } });
  try {
    await withTempDir(async (dir) => {
      const dest = join(dir, 'flaky.bin');
      await assert.rejects(
        downloadFile(server.url('/flaky.bin'), dest, { expectedSha256: sha(body) }),
        /flaky\.bin: download interrupted after \d+ .*run it again to resume/,
      );
      const partSize = (await stat(`${dest}.part`)).size;
      assert.ok(partSize > 0 && partSize < body.length, `part file of ${partSize} bytes`);
      await assert.rejects(stat(dest));

      const result = await downloadFile(server.url('/flaky.bin'), dest, { expectedSha256: sha(body) });
      assert.equal(result.resumedFrom, partSize);
      assert.ok((await readFile(dest)).equals(body));
      assert.deepEqual(server.ranges.get('/flaky.bin'), [null, `bytes=${partSize}-`]);
      assert.deepEqual(await readdir(dir), ['flaky.bin']);
    });
  } finally {
    await server.close();
  }
});

test('a server that ignores Range, a changed file and a complete part file are all handled', async () => {
  const body = randomBytes(120_000);
  const server = await startFileServer({
    '/plain.bin': { body, ignoreRange: true },
    '/changed.bin': { body, etag: '"v2"' },
    '/done.bin': { body },
  });
  try {
    await withTempDir(async (dir) => {
      // Stale part files from an earlier attempt at each URL.
      for (const [name, bytes] of [
        ['plain.bin', body.subarray(0, 1000)],
        ['changed.bin', randomBytes(1000)],
        ['done.bin', body],
      ] as const) {
        await writeFile(join(dir, `${name}.part`), bytes);
        await writeFile(
          join(dir, `${name}.part.json`),
          JSON.stringify({ url: server.url(`/${name}`), etag: '"v1"', lastModified: null }),
        );
      }
      for (const name of ['plain.bin', 'changed.bin', 'done.bin']) {
        const result = await downloadFile(server.url(`/${name}`), join(dir, name), { expectedSha256: sha(body) });
        assert.ok((await readFile(join(dir, name))).equals(body), name);
        assert.equal(result.resumedFrom, name === 'done.bin' ? body.length : 0, name);
      }
      // The changed file was asked for with If-Range and came back whole (200), not spliced onto old bytes.
      assert.deepEqual(server.ranges.get('/changed.bin'), ['bytes=1000-']);
      assert.deepEqual((await readdir(dir)).sort(), ['changed.bin', 'done.bin', 'plain.bin']);
    });
  } finally {
    await server.close();
  }
});
