import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { Graph } from '../../../../src/main/vision/onnx/graph';
import { add, matmul } from '../../../../src/main/vision/onnx/index';
import { encodeModel } from '../../../../src/main/vision/onnx/serialize';
import { externalLocation, SafetensorsWeights } from '../../../../src/main/vision/onnx/weights';
import { readSafetensorsHeader, writeSafetensors } from '../../../../src/main/vision/weights/safetensors';
import { withTempDir } from '../../../helpers/temp-dir';
import { rng } from '../../../helpers/random';
import { assertClose, f32, runGraph, values } from './run-graph';

const random = (n: number, seed: number) => {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => r() * 4 - 2);
};

/** Values exactly representable in float16 and bfloat16, so the widened weights must match bit for bit. */
const halfExact = (n: number) => Float32Array.from({ length: n }, (_, i) => (i - n / 2) * 0.125);

test('external data: weights read in place at odd byte offsets of a real safetensors file, fp16/bf16 cast to fp32', async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, 'model.safetensors');
    const w32 = random(6 * 5, 1);
    const big = random(256 * 1024, 2);
    await writeSafetensors(file, {
      'pad.odd': { dtype: 'U8', shape: [3], data: new Uint8Array([1, 2, 3]) },
      'w.f32': { dtype: 'F32', shape: [6, 5], data: w32 },
      'w.f16': { dtype: 'F16', shape: [7], data: halfExact(7) },
      'w.bf16': { dtype: 'BF16', shape: [3, 3], data: halfExact(9) },
      'w.big': { dtype: 'F32', shape: [256, 1024], data: big },
    });
    const header = await readSafetensorsHeader(file);
    for (const name of ['w.f32', 'w.f16', 'w.bf16', 'w.big']) {
      assert.equal(header.tensors.get(name)!.begin % 2, 1, `${name} should start at an odd offset`);
    }
    const g = new Graph('external');
    const weights = new SafetensorsWeights(g, header, { onnxDir: dir, computeDtype: 'float32' });
    const x = g.input('x', 'float32', [2, 6]);
    g.output('f32', weights.get('w.f32', [6, 5]));
    g.output('f16', weights.get('w.f16', [7]));
    g.output('bf16', weights.get('w.bf16', [3, 3]));
    g.output('xw', matmul(x, weights.get('w.f32', [6, 5])));
    g.output('big_row', add(weights.get('w.big', [256, 1024]), 0));
    const bytes = encodeModel(g);
    assert.ok(bytes.byteLength < 8192, `the graph holds no weights (${bytes.byteLength} bytes)`);
    const model = onnxProto.onnx.ModelProto.decode(bytes);
    assert.equal(Number(model.irVersion), 8);
    assert.deepEqual(
      model.opsetImport.map((o) => [o.domain, Number(o.version)]),
      [['', 17]],
    );
    const stored = model.graph!.initializer!.find((i) => i.name === 'w.f32')!;
    const range = header.tensors.get('w.f32')!;
    assert.equal(stored.dataLocation, onnxProto.onnx.TensorProto.DataLocation.EXTERNAL);
    assert.deepEqual(Object.fromEntries(stored.externalData!.map((e) => [e.key, e.value])), {
      location: 'model.safetensors',
      offset: String(range.begin),
      length: String(range.end - range.begin),
    });
    const X = random(12, 3);
    const out = await runGraph(g, { x: f32(X, [2, 6]) }, dir);
    assert.deepEqual(values(out.f32), Array.from(w32));
    assert.deepEqual(values(out.f16), Array.from(halfExact(7)));
    assert.deepEqual(values(out.bf16), Array.from(halfExact(9)));
    assert.deepEqual(out.bf16.dims, [3, 3]);
    const xw: number[] = [];
    for (let r = 0; r < 2; r++)
      for (let c = 0; c < 5; c++) xw.push([0, 1, 2, 3, 4, 5].reduce((s, k) => s + X[r * 6 + k] * w32[k * 5 + c], 0));
    assertClose(values(out.xw), xw, 1e-5, 'x·W');
    assert.deepEqual(values(out.big_row), Array.from(big));
    assert.ok((await stat(join(dir, 'external.onnx'))).size < 8192);
  });
});

test('external data in a subdirectory gets a relative location; outside the graph directory is refused', async () => {
  await withTempDir(async (dir) => {
    await mkdir(join(dir, 'text_encoder'));
    assert.equal(
      externalLocation(dir, join(dir, 'text_encoder', 'model.safetensors')),
      'text_encoder/model.safetensors',
    );
    assert.throws(
      () => externalLocation(join(dir, 'text_encoder'), join(dir, 'model.safetensors')),
      /must be in the directory of the compiled graph/,
    );
    assert.throws(() => externalLocation(dir, '/elsewhere/model.safetensors'), /must be in the directory/);
    const file = join(dir, 'text_encoder', 'model.safetensors');
    const w = random(4, 5);
    await writeSafetensors(file, { w: { dtype: 'F32', shape: [4], data: w } });
    const g = new Graph('nested');
    const weights = new SafetensorsWeights(g, await readSafetensorsHeader(file), {
      onnxDir: dir,
      computeDtype: 'float32',
    });
    g.output('w_out', weights.get('w', [4]));
    const out = await runGraph(g, {}, dir);
    assert.deepEqual(values(out.w_out), Array.from(w));
  });
});

test('a weight whose shape disagrees with the config is refused with the file, tensor and both shapes', async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, 'model.safetensors');
    await writeSafetensors(file, {
      'vision_model.post_layernorm.weight': { dtype: 'F32', shape: [8], data: random(8, 1) },
    });
    const g = new Graph('shapes');
    const weights = new SafetensorsWeights(g, await readSafetensorsHeader(file), {
      onnxDir: dir,
      computeDtype: 'float32',
    });
    assert.throws(() => weights.get('vision_model.post_layernorm.weight', [768]), {
      message: `${file}: tensor 'vision_model.post_layernorm.weight' has shape [8], but the model config implies [768]`,
    });
    assert.throws(
      () => g.scope('vision.head', () => weights.get('visual_projection.weight', [512, 768])),
      /no tensor named 'visual_projection.weight' \(needed by vision.head\)/,
    );
  });
});
