import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compiledGraphKey, compiledGraphPath, type CompiledGraphSpec } from '../../../src/main/models/compiled-graphs';
import { defaultModelsRoot } from '../../../src/main/models/model-paths';

test('models live in the user-data folder beside the database unless REFLABEL_MODELS says otherwise', () => {
  assert.equal(
    defaultModelsRoot({ env: {}, platform: 'linux', home: '/home/ann' }),
    '/home/ann/.config/RefLabel/models',
  );
  assert.equal(
    defaultModelsRoot({
      env: { XDG_CONFIG_HOME: '/x', REFLABEL_DB: '/elsewhere/db.sqlite' },
      platform: 'linux',
      home: '/h',
    }),
    '/x/RefLabel/models',
  );
  assert.equal(
    defaultModelsRoot({ env: {}, platform: 'darwin', home: '/Users/ann' }),
    '/Users/ann/Library/Application Support/RefLabel/models',
  );
  assert.equal(
    defaultModelsRoot({ env: { REFLABEL_MODELS: '/data/models' }, platform: 'linux', home: '/h' }),
    '/data/models',
  );
});

const spec: CompiledGraphSpec = {
  family: 'clip',
  variant: 'clip.image',
  options: { taps: [8, 10], size: 224 },
  builderVersion: '1',
  weights: [{ file: '/m/clip-vit-base-patch16/model.safetensors', sha256: 'a'.repeat(64) }],
};

test('the compiled-graph key changes with weights, family, variant, options and builder version, not with paths', () => {
  const key = compiledGraphKey(spec);
  assert.match(key, /^[0-9a-f]{16}$/);
  const variants: CompiledGraphSpec[] = [
    { ...spec, weights: [{ ...spec.weights[0], sha256: 'b'.repeat(64) }] },
    { ...spec, family: 'clip2' },
    { ...spec, variant: 'clip.text' },
    { ...spec, options: { taps: [8, 11], size: 224 } },
    { ...spec, builderVersion: '2' },
  ];
  const keys = variants.map(compiledGraphKey);
  assert.equal(new Set([key, ...keys]).size, 6);
  // Option order does not matter, nor where the weights sit.
  assert.equal(compiledGraphKey({ ...spec, options: { size: 224, taps: [8, 10] } }), key);
  assert.equal(compiledGraphKey({ ...spec, weights: [{ ...spec.weights[0], file: '/other/model.safetensors' }] }), key);
});

test('compiled graphs sit next to their weights, which must share one folder', () => {
  assert.equal(compiledGraphPath(spec), `/m/clip-vit-base-patch16/clip.clip.image.${compiledGraphKey(spec)}.onnx`);
  assert.throws(
    () =>
      compiledGraphPath({
        ...spec,
        weights: [...spec.weights, { file: '/m/sd/unet/diffusion_pytorch_model.safetensors', sha256: 'c'.repeat(64) }],
      }),
    /ONNX external data must all sit in the graph's own folder/,
  );
  assert.throws(() => compiledGraphPath({ ...spec, weights: [] }), /needs its weights files/);
});
