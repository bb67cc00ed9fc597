import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { parseSamConfig, readSamConfig } from '../../../../src/main/vision/sam/model/config';
import { samTensorShapes } from '../../../../src/main/vision/sam/model/tensor-shapes';
import { readSafetensorsHeader } from '../../../../src/main/vision/weights/safetensors';

const FIXTURE = join(import.meta.dirname, '../../../fixtures/vision/sam/frame1024-w14');

test('missing keys take transformers’ defaults (the ViT-B encoder, 1024 frame, 256-wide decoder)', () => {
  const c = parseSamConfig({ model_type: 'sam' }, 'config.json');
  assert.equal(c.vision.hiddenSize, 768);
  assert.equal(c.vision.mlpDim, 3072);
  assert.deepEqual(c.vision.globalAttnIndexes, [2, 5, 8, 11]);
  assert.equal(c.vision.windowSize, 14);
  assert.equal(c.promptEncoder.imageEmbeddingSize, 64);
  assert.equal(c.maskDecoder.numMultimaskOutputs, 3);
  assert.equal(c.maskDecoder.mlpDim, 2048);
});

test('a config transformers wrote reads back, and its checkpoint holds exactly the implied tensors', async () => {
  const c = await readSamConfig(join(FIXTURE, 'config.json'));
  assert.equal(c.vision.hiddenSize, 16);
  assert.equal(c.maskDecoder.hiddenSize, 32);
  const header = await readSafetensorsHeader(join(FIXTURE, 'model.safetensors'));
  const stored = new Map([...header.tensors].map(([name, t]) => [name, [...t.shape]]));
  assert.deepEqual(new Map([...samTensorShapes(c)].sort()), new Map([...stored].sort()));
});

test('bad configs name the file and the key', () => {
  assert.throws(() => parseSamConfig({ model_type: 'clip' }, 'a.json'), /a\.json: model_type is "clip"/);
  assert.throws(
    () => parseSamConfig({ vision_config: { output_channels: 128 } }, 'b.json'),
    /b\.json: vision_config\.output_channels \(128\).*must agree/,
  );
  assert.throws(
    () => parseSamConfig({ vision_config: { window_size: -1 } }, 'c.json'),
    /c\.json: vision_config\.window_size must be an integer ≥ 0/,
  );
  assert.throws(
    () => parseSamConfig({ mask_decoder_config: { hidden_act: 'gelu' } }, 'd.json'),
    /d\.json: mask_decoder_config\.hidden_act must be "relu"/,
  );
  assert.throws(
    () => parseSamConfig({ vision_config: { global_attn_indexes: [12] } }, 'e.json'),
    /e\.json: vision_config\.global_attn_indexes names layer 12 of 12/,
  );
});
