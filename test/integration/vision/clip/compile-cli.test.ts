// `reflabel models compile --family clip …` writes a graph next to the weights that any ONNX runtime can open,
// with exactly the documented input and output names.
import assert from 'node:assert/strict';
import { cp, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import { runCli } from '../../cli/run-cli';
import { withTempDir } from '../../../helpers/temp-dir';

const CHECKPOINT = fileURLToPath(new URL('../../../fixtures/vision/clip/quick-w32-p8/', import.meta.url));

test('compiles clip.image with taps and clip.text through the CLI', async () => {
  await withTempDir(async (dir) => {
    const weights = join(dir, 'clip');
    await cp(CHECKPOINT, weights, { recursive: true });
    const image = await runCli([
      'models',
      'compile',
      '--family',
      'clip',
      '--weights',
      weights,
      '--variant',
      'clip.image',
      '--taps',
      '1,2',
      '--out',
      'image.onnx',
    ]);
    assert.equal(image.code, 0, image.stderr);
    const text = await runCli([
      'models',
      'compile',
      '--family',
      'clip',
      '--weights',
      weights,
      '--variant',
      'clip.text',
    ]);
    assert.equal(text.code, 0, text.stderr);

    const session = await ort.InferenceSession.create(join(weights, 'image.onnx'));
    assert.deepEqual(session.inputNames, ['pixel_values']);
    assert.deepEqual([...session.outputNames].sort(), ['hidden_state_1', 'hidden_state_2', 'image_embeds']);
    // The weights stay in model.safetensors: the graph file itself is small.
    assert.ok((await stat(join(weights, 'image.onnx'))).size < (await stat(join(weights, 'model.safetensors'))).size);

    const bad = await runCli([
      'models',
      'compile',
      '--family',
      'clip',
      '--weights',
      weights,
      '--variant',
      'clip.audio',
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--variant must be one of clip\.text/);
  });
});
