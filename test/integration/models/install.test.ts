import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCatalog, type Catalog } from '../../../src/main/models/catalog';
import { installModel, removeModel } from '../../../src/main/models/install';
import { INSTALL_RECORD } from '../../../src/main/models/install-record';
import { methodStatus, modelStatus } from '../../../src/main/models/status';
import { withTempDir } from '../../helpers/temp-dir';
import { startFileServer, type FileServer } from './http-fixture';

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const weights = randomBytes(200_000);
const config = Buffer.from(JSON.stringify({ hidden_size: 8 }));

function testCatalog(server: FileServer, configPath = '/config.json'): Catalog {
  return parseCatalog(
    {
      version: 1,
      models: [
        {
          id: 'tiny-clip',
          title: 'Tiny CLIP',
          family: 'clip',
          source: server.url('/'),
          licence: 'MIT',
          methods: ['copatch'],
          files: [
            // One file with a catalog hash, one without (the manager records what it got).
            {
              path: 'model.safetensors',
              url: server.url('/model.safetensors'),
              size: weights.length,
              sha256: sha(weights),
            },
            { path: 'sub/config.json', url: server.url(configPath), size: null, sha256: null },
          ],
        },
        {
          id: 'tiny-sam',
          title: 'Tiny SAM',
          family: 'sam',
          source: server.url('/'),
          licence: 'Apache-2.0',
          methods: ['copatch'],
          files: [{ path: 'model.safetensors', url: server.url('/sam.safetensors'), size: null, sha256: null }],
        },
      ],
      methods: { copatch: { title: 'CoPatch', requires: [['tiny-clip'], ['tiny-sam']] } },
    },
    'test catalog',
  );
}

async function withServer(fn: (server: FileServer) => Promise<void>): Promise<void> {
  const server = await startFileServer({
    '/model.safetensors': { body: weights },
    '/config.json': { body: config },
    '/config-changed.json': { body: Buffer.from('{"hidden_size": 16}') },
    '/sam.safetensors': { body: randomBytes(1000) },
  });
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

test('install downloads every file, records size and hash, and status follows per model and per method', async () => {
  await withServer(async (server) => {
    await withTempDir(async (root) => {
      const catalog = testCatalog(server);
      const clip = catalog.models[0];
      const before = await modelStatus(catalog, root);
      assert.deepEqual(
        before.map((m) => m.state),
        ['missing', 'missing'],
      );
      assert.deepEqual(methodStatus(catalog, before), [
        { id: 'copatch', title: 'CoPatch', ready: false, missing: [['tiny-clip'], ['tiny-sam']] },
      ]);

      const phases = new Set<string>();
      const record = await installModel(clip, { root, onProgress: (p) => phases.add(`${p.file}:${p.phase}`) });
      assert.deepEqual(phases, new Set(['model.safetensors:download', 'sub/config.json:download']));
      assert.equal(record.files['model.safetensors'].sha256, sha(weights));
      assert.equal(record.files['sub/config.json'].sha256, sha(config));
      assert.equal(record.files['sub/config.json'].source, 'download');
      assert.ok((await readFile(join(root, 'tiny-clip', 'sub', 'config.json'))).equals(config));

      const after = await modelStatus(catalog, root);
      assert.equal(after[0].state, 'installed');
      assert.deepEqual(
        after[0].files.map((f) => [f.path, f.state, f.bytes]),
        [
          ['model.safetensors', 'installed', weights.length],
          ['sub/config.json', 'installed', config.length],
        ],
      );
      assert.deepEqual(methodStatus(catalog, after)[0].missing, [['tiny-sam']]);

      // A second install finds everything in place and asks the server for nothing.
      const requests = server.ranges.get('/model.safetensors')!.length;
      await installModel(clip, { root });
      assert.equal(server.ranges.get('/model.safetensors')!.length, requests);

      await installModel(catalog.models[1], { root });
      assert.equal(methodStatus(catalog, await modelStatus(catalog, root))[0].ready, true);
    });
  });
});

test('damage is noticed; reinstalling is held to the catalog hash or to the hash recorded the first time', async () => {
  await withServer(async (server) => {
    await withTempDir(async (root) => {
      const catalog = testCatalog(server);
      const clip = catalog.models[0];
      await installModel(clip, { root });
      const weightsFile = join(root, 'tiny-clip', 'model.safetensors');

      // Same size, different bytes: only a verifying status sees it.
      const flipped = Buffer.from(weights);
      flipped[1000] ^= 0xff;
      await writeFile(weightsFile, flipped);
      assert.equal((await modelStatus(catalog, root))[0].state, 'installed');
      const verified = await modelStatus(catalog, root, { verify: true });
      assert.equal(verified[0].state, 'partial');
      assert.equal(verified[0].files[0].state, 'corrupt');

      // Truncated: the size check sees it, and install fetches the file again.
      await writeFile(weightsFile, weights.subarray(0, 1000));
      assert.equal((await modelStatus(catalog, root))[0].files[0].state, 'corrupt');
      await installModel(clip, { root });
      assert.ok((await readFile(weightsFile)).equals(weights));

      // The config has no catalog hash; upstream now serves different bytes, which must not replace the recorded copy.
      await writeFile(join(root, 'tiny-clip', 'sub', 'config.json'), 'x');
      const changed = testCatalog(server, '/config-changed.json');
      await assert.rejects(
        installModel(changed.models[0], { root }),
        new RegExp(`config-changed\\.json: SHA-256 mismatch: expected ${sha(config)}`),
      );
      await removeModel(root, clip);
      assert.equal((await modelStatus(catalog, root))[0].state, 'missing');
      await installModel(changed.models[0], { root });
      assert.equal((await modelStatus(changed, root))[0].state, 'installed');
    });
  });
});

test('install --from copies or hard-links the files from a folder and checks them', async () => {
  await withServer(async (server) => {
    await withTempDir(async (root) => {
      await withTempDir(async (from) => {
        const catalog = testCatalog(server);
        const clip = catalog.models[0];
        await mkdir(join(from, 'sub'));
        await writeFile(join(from, 'model.safetensors'), weights);
        // Found by file name when the folder is flat.
        await writeFile(join(from, 'config.json'), config);

        const linked = await installModel(clip, { root, from, link: true });
        assert.equal(linked.files['model.safetensors'].source, 'link');
        assert.equal(linked.files['model.safetensors'].origin, join(from, 'model.safetensors'));
        const installed = await stat(join(root, 'tiny-clip', 'model.safetensors'));
        assert.equal(installed.ino, (await stat(join(from, 'model.safetensors'))).ino);
        assert.equal((await modelStatus(catalog, root))[0].state, 'installed');

        await removeModel(root, clip);
        const copied = await installModel(clip, { root, from });
        assert.equal(copied.files['sub/config.json'].source, 'copy');
        assert.notEqual((await stat(join(root, 'tiny-clip', 'model.safetensors'))).ino, installed.ino);

        await removeModel(root, clip);
        await writeFile(join(from, 'model.safetensors'), Buffer.concat([weights.subarray(1), Buffer.from([0])]));
        await assert.rejects(
          installModel(clip, { root, from }),
          /model\.safetensors: SHA-256 [0-9a-f]{64} differs from the catalog .* the file is damaged or not the official one/,
        );
        assert.equal((await modelStatus(catalog, root))[0].files[0].state, 'missing');

        await assert.rejects(
          installModel(catalog.models[1], { root, from: join(from, 'sub') }),
          /no model\.safetensors for tiny-sam/,
        );
      });
    });
  });
});

test('files put in the folder by hand are unrecorded until install checks them; part files show as partial', async () => {
  await withServer(async (server) => {
    await withTempDir(async (root) => {
      const catalog = testCatalog(server);
      const clip = catalog.models[0];
      await mkdir(join(root, 'tiny-clip', 'sub'), { recursive: true });
      await writeFile(join(root, 'tiny-clip', 'model.safetensors'), weights);
      await writeFile(join(root, 'tiny-clip', 'sub', 'config.json.part'), config.subarray(0, 5));
      const status = (await modelStatus(catalog, root))[0];
      assert.equal(status.state, 'partial');
      assert.deepEqual(
        status.files.map((f) => [f.state, f.bytes]),
        [
          ['unrecorded', weights.length],
          ['partial', 5],
        ],
      );
      const record = await installModel(clip, { root });
      assert.equal(record.files['model.safetensors'].source, 'found');
      assert.equal(server.ranges.get('/model.safetensors'), undefined);
      assert.ok(JSON.parse(await readFile(join(root, 'tiny-clip', INSTALL_RECORD), 'utf8')).files['sub/config.json']);
    });
  });
});
