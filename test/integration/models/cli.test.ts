// `reflabel models …` as a user runs it, against a small catalog and a local folder of model files.
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withTempDir } from '../../helpers/temp-dir';
import { modelsCommand } from '../../../src/main/cli/commands/models';
import { CliUsageError } from '../../../src/main/cli/usage';
import { runCli } from '../cli/run-cli';

test('models list, install --from and remove through the CLI', async () => {
  await withTempDir(async (dir) => {
    const weights = Buffer.from('weights bytes');
    const catalog = {
      version: 1,
      models: [
        {
          id: 'tiny',
          title: 'Tiny model',
          family: 'clip',
          source: 'https://example.org/tiny',
          licence: 'MIT',
          methods: ['demo'],
          files: [
            {
              path: 'model.safetensors',
              url: 'https://example.org/tiny/model.safetensors',
              size: weights.length,
              sha256: createHash('sha256').update(weights).digest('hex'),
              approxSize: '13 B',
            },
          ],
        },
      ],
      methods: { demo: { title: 'Demo', requires: [['tiny']] } },
    };
    const catalogFile = join(dir, 'catalog.json');
    await writeFile(catalogFile, JSON.stringify(catalog));
    const from = join(dir, 'have');
    await mkdir(from);
    await writeFile(join(from, 'model.safetensors'), weights);
    const common = ['--catalog', catalogFile, '--models-dir', join(dir, 'models')];

    const before = await runCli(['models', 'list', ...common]);
    assert.equal(before.code, 0, before.stderr);
    assert.match(before.stdout, /tiny {2}missing {4}Tiny model \(~13 B\)/);
    assert.match(before.stdout, /demo +needs tiny/);

    const installed = await runCli(['models', 'install', 'tiny', '--from', from, ...common]);
    assert.equal(installed.code, 0, installed.stderr);
    assert.match(installed.stdout, /installed tiny in /);
    assert.match(installed.stderr, /checking tiny\/model\.safetensors/);

    const after = await runCli(['models', 'list', '--json', ...common]);
    const status = JSON.parse(after.stdout);
    assert.equal(status.models[0].state, 'installed');
    assert.deepEqual(status.methods, [{ id: 'demo', title: 'Demo', ready: true, missing: [] }]);

    // The rest in-process: each CLI start costs a second or two of tsx compilation.
    const quiet = mock.method(console, 'log', () => {});
    try {
      await modelsCommand(['remove', 'tiny', ...common]);
      assert.deepEqual(quiet.mock.calls.at(-1)?.arguments, ['removed tiny']);
    } finally {
      quiet.mock.restore();
    }
    await assert.rejects(modelsCommand(['install', 'nope', ...common]), /unknown model 'nope'; the catalog has tiny/);
    await assert.rejects(modelsCommand(['frobnicate']), (err: Error) => err instanceof CliUsageError);
    await assert.rejects(modelsCommand(['install', 'tiny', '--link', ...common]), /--link needs --from DIR/);
  });
});
