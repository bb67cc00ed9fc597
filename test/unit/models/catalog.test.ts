import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultCatalog, findModel, loadCatalog, parseCatalog } from '../../../src/main/models/catalog';
import { withTempDir } from '../../helpers/temp-dir';

test('the bundled catalog lists every model METHODS.md §0.1 needs, from official sources', () => {
  const catalog = defaultCatalog();
  const ids = catalog.models.map((m) => m.id);
  for (const id of [
    'clip-vit-base-patch16',
    'clip-vit-base-patch32',
    'clip-vit-large-patch14',
    'sam-vit-base',
    'sam-vit-large',
    'sam-vit-huge',
    'stable-diffusion-v1-5',
    'albef-14m',
    'blip-itm-base-coco',
  ]) {
    assert.ok(ids.includes(id), id);
  }
  for (const model of catalog.models) {
    for (const file of model.files) {
      assert.match(file.url, /^https:\/\//, `${model.id}/${file.path}`);
      if (file.url.startsWith('https://huggingface.co/')) {
        assert.match(file.url, /^https:\/\/huggingface\.co\/[^/]+\/[^/]+\/resolve\/[^/]+\//, file.url);
        assert.ok(file.url.endsWith(`/${file.path}`), `${file.url} ends in ${file.path}`);
      }
    }
  }
  const clip = findModel(catalog, 'clip-vit-base-patch16');
  assert.deepEqual(clip.files.map((f) => f.path).sort(), [
    'config.json',
    'merges.txt',
    'model.safetensors',
    'vocab.json',
  ]);
  const sd = findModel(catalog, 'stable-diffusion-v1-5');
  for (const folder of ['unet/', 'vae/', 'text_encoder/', 'tokenizer/']) {
    assert.ok(
      sd.files.some((f) => f.path.startsWith(folder)),
      folder,
    );
  }
  assert.ok(findModel(catalog, 'albef-14m').files.some((f) => f.path === 'ALBEF.pth'));
  assert.deepEqual(Object.keys(catalog.methods).sort(), [
    'copatch',
    'glclip',
    'hybridgl',
    'iterprime',
    'refdiff',
    'sam-proposals',
    'sam-refine',
  ]);
  assert.throws(() => findModel(catalog, 'nope'), /unknown model 'nope'; the catalog has clip-vit-base-patch16, /);
});

test('catalog mistakes are reported with where they are', async () => {
  const base = {
    version: 1,
    models: [
      {
        id: 'm',
        title: 'M',
        family: 'clip',
        source: 'https://example.org/m',
        licence: 'MIT',
        methods: ['x'],
        files: [{ path: 'a.bin', url: 'https://example.org/a.bin', size: 1, sha256: null }],
      },
    ],
    methods: { x: { title: 'X', requires: [['m']] } },
  };
  const withFile = (file: object) => ({ ...base, models: [{ ...base.models[0], files: [file] }] });
  assert.equal(parseCatalog(base, 'c.json').models.length, 1);
  assert.throws(
    () => parseCatalog(withFile({ path: '../a.bin', url: 'https://e.org/a', size: 1, sha256: null }), 'c.json'),
    /c\.json: models\.0\.files\.0\.path: must be a relative path inside the model folder/,
  );
  assert.throws(
    () => parseCatalog(withFile({ path: 'a.bin', url: 'https://e.org/a', size: 1, sha256: 'ABC' }), 'c.json'),
    /models\.0\.files\.0\.sha256/,
  );
  assert.throws(
    () => parseCatalog(withFile({ path: 'a.bin', url: 'file:///etc/passwd', size: 1, sha256: null }), 'c.json'),
    /models\.0\.files\.0\.url/,
  );
  assert.throws(
    () => parseCatalog({ ...base, methods: { x: { title: 'X', requires: [['ghost']] } } }, 'c.json'),
    /method 'x' requires unknown model 'ghost'/,
  );
  assert.throws(
    () => parseCatalog({ ...base, models: [base.models[0], base.models[0]] }, 'c.json'),
    /repeats the id 'm'/,
  );
  await withTempDir(async (dir) => {
    const file = join(dir, 'catalog.json');
    await writeFile(file, JSON.stringify(base));
    assert.equal((await loadCatalog(file)).models[0].id, 'm');
    await writeFile(file, '{');
    await assert.rejects(loadCatalog(file), /catalog\.json: cannot read the model catalog/);
  });
});
