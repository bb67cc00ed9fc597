import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseClipConfig, parseClipTextConfig, readClipConfig } from '../../../../src/main/vision/clip/config';
import { clipTensorShapes } from '../../../../src/main/vision/clip/tensor-shapes';
import { readSafetensorsHeader } from '../../../../src/main/vision/weights/safetensors';
import { withTempDir } from '../../../helpers/temp-dir';

const FIXTURE = join(import.meta.dirname, '../../../fixtures/vision/clip/gelu-w48-p16-fp16/config.json');

test('reads a config.json written by transformers', async () => {
  const c = await readClipConfig(FIXTURE);
  assert.deepEqual(c, {
    text: {
      hiddenSize: 32,
      intermediateSize: 80,
      numAttentionHeads: 2,
      numHiddenLayers: 3,
      hiddenAct: 'gelu',
      layerNormEps: 1e-6,
      vocabSize: 200,
      maxPositionEmbeddings: 20,
      eosTokenId: 150,
    },
    vision: {
      hiddenSize: 48,
      intermediateSize: 96,
      numAttentionHeads: 6,
      numHiddenLayers: 4,
      hiddenAct: 'gelu',
      layerNormEps: 1e-6,
      imageSize: 48,
      patchSize: 16,
      numChannels: 3,
    },
    projectionDim: 24,
  });
});

test('missing keys take transformers defaults; *_config_dict overrides the plain section as in old openai files', () => {
  const c = parseClipConfig(
    {
      model_type: 'clip',
      projection_dim: 512,
      text_config: { eos_token_id: 2, hidden_size: 999 },
      text_config_dict: { hidden_size: 512, intermediate_size: 2048, num_attention_heads: 8, num_hidden_layers: 12 },
      vision_config: { patch_size: 16 },
      vision_config_dict: { hidden_size: 768, intermediate_size: 3072, num_attention_heads: 12, num_hidden_layers: 12 },
    },
    'config.json',
  );
  assert.equal(c.text.hiddenSize, 512);
  assert.equal(c.text.vocabSize, 49408);
  assert.equal(c.text.maxPositionEmbeddings, 77);
  assert.equal(c.text.eosTokenId, 2);
  assert.equal(c.text.hiddenAct, 'quick_gelu');
  assert.equal(c.vision.patchSize, 16);
  assert.equal(c.vision.imageSize, 224);
  assert.equal(c.vision.layerNormEps, 1e-5);
  assert.equal(parseClipConfig({}, 'x').text.eosTokenId, 49407);
  assert.equal(parseClipConfig({ text_config: { hidden_act: 'gelu_new' } }, 'x').text.hiddenAct, 'gelu_pytorch_tanh');
});

test('bad configs are refused with the file and the field', async () => {
  const bad: [unknown, RegExp][] = [
    [[], /f\.json: not a JSON object$/],
    [{ model_type: 'bert' }, /f\.json: model_type is "bert", expected "clip"/],
    [
      { vision_config: { hidden_size: 100, num_attention_heads: 12 } },
      /vision_config\.hidden_size 100 is not divisible by num_attention_heads 12/,
    ],
    [{ text_config: { hidden_act: 'relu' } }, /text_config\.hidden_act "relu" is not supported/],
    [{ text_config: { num_hidden_layers: 0 } }, /text_config\.num_hidden_layers must be a positive integer, got 0/],
    [{ vision_config: { image_size: 230, patch_size: 16 } }, /image_size 230 is not a multiple of patch_size 16/],
    [{ vision_config: { layer_norm_eps: 'small' } }, /vision_config\.layer_norm_eps must be a positive number/],
    [{ projection_dim: -1 }, /config\.projection_dim must be a positive integer/],
    [{ text_config: [] }, /text_config must be an object/],
  ];
  for (const [json, message] of bad) assert.throws(() => parseClipConfig(json, 'f.json'), message);
  await withTempDir(async (dir) => {
    await writeFile(join(dir, 'config.json'), '{"model_type": "clip",');
    await assert.rejects(readClipConfig(join(dir, 'config.json')), /config\.json: not valid JSON/);
    await assert.rejects(
      readClipConfig(join(dir, 'missing.json')),
      /missing\.json: cannot read the model config \(ENOENT\)/,
    );
  });
});

test('clipTensorShapes names every tensor of a transformers checkpoint with its shape', async () => {
  const dir = join(import.meta.dirname, '../../../fixtures/vision/clip');
  for (const name of ['gelu-w48-p16-fp16', 'quick-w16-p4']) {
    const config = await readClipConfig(join(dir, name, 'config.json'));
    const header = await readSafetensorsHeader(join(dir, name, 'model.safetensors'));
    const stored = new Map([...header.tensors].map(([k, t]) => [k, t.shape]));
    assert.deepEqual(new Map([...clipTensorShapes(config)].sort()), new Map([...stored].sort()), name);
  }
});

test('a CLIPTextModel config (Stable Diffusion text_encoder) gives the text tower alone', () => {
  const sd = {
    architectures: ['CLIPTextModel'],
    model_type: 'clip_text_model',
    hidden_size: 768,
    intermediate_size: 3072,
    num_attention_heads: 12,
    num_hidden_layers: 12,
    eos_token_id: 2,
    projection_dim: 768,
  };
  const text = parseClipTextConfig(sd, 'text_encoder/config.json');
  assert.equal(text.projectionDim, null);
  assert.equal(text.text.hiddenSize, 768);
  assert.equal(text.text.maxPositionEmbeddings, 77);
  assert.equal(text.text.hiddenAct, 'quick_gelu');
  const withProjection = parseClipTextConfig(
    { ...sd, architectures: ['CLIPTextModelWithProjection'] },
    'text_encoder/config.json',
  );
  assert.equal(withProjection.projectionDim, 768);
  assert.throws(() => parseClipConfig(sd, 'text_encoder/config.json'), /only the clip\.text variant/);
  assert.equal(parseClipTextConfig({ projection_dim: 64 }, 'config.json').projectionDim, 64);
});
