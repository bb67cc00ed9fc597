// RefLabel's CLIP graphs against Hugging Face's PyTorch CLIP (and the PyTorch references of the method variants)
// on tiny random-weight checkpoints; fixtures from test/tools/make_clip_fixtures.py.
import { test } from 'node:test';
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { compileClip } from '../../../../src/main/vision/clip/compile';
import type { ClipVariant } from '../../../../src/main/vision/clip/variant';
import {
  readSafetensorsHeader,
  readTensorBytes,
  readTensorData,
  type SafetensorsHeader,
} from '../../../../src/main/vision/weights/safetensors';
import { withTempDir } from '../../../helpers/temp-dir';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/vision/clip');
const TOLERANCE = 1e-4;

interface Case {
  name: string;
  variant: ClipVariant;
  inputs: string[];
  outputs: string[];
}

async function feed(header: SafetensorsHeader, name: string): Promise<ort.Tensor> {
  const t = header.tensors.get(name);
  if (!t) throw new Error(`reference tensor ${name} missing`);
  if (t.dtype === 'I64') {
    const bytes = await readTensorBytes(header, name);
    return new ort.Tensor('int64', new BigInt64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8), t.shape);
  }
  return new ort.Tensor('float32', await readTensorData(header, name), t.shape);
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= worst)) worst = d;
  }
  return worst;
}

for (const config of (await readdir(FIXTURES)).sort()) {
  test(`CLIP parity with PyTorch: ${config}`, async (t) => {
    const dir = join(FIXTURES, config);
    const { cases } = JSON.parse(await readFile(join(dir, 'cases.json'), 'utf8')) as { cases: Case[] };
    const reference = await readSafetensorsHeader(join(dir, 'reference.safetensors'));
    await withTempDir(async (weightsDir) => {
      for (const file of ['model.safetensors', 'config.json']) await copyFile(join(dir, file), join(weightsDir, file));
      for (const c of cases) {
        await t.test(c.name, async (tc) => {
          const compiled = await compileClip({ weightsDir, variant: c.variant });
          const session = await ort.InferenceSession.create(compiled.path, { executionProviders: ['cpu'] });
          try {
            const feeds: Record<string, ort.Tensor> = {};
            for (const input of c.inputs) feeds[input] = await feed(reference, `${c.name}.${input}`);
            const out = await session.run(feeds);
            const report: string[] = [];
            for (const name of c.outputs) {
              const expected = await readTensorData(reference, `${c.name}.${name}`);
              const actual = out[name];
              if (!actual) throw new Error(`${c.name}: graph has no output ${name}`);
              const shape = reference.tensors.get(`${c.name}.${name}`)!.shape;
              if (actual.dims.join() !== shape.join()) {
                throw new Error(`${c.name}.${name}: shape [${actual.dims}] vs PyTorch [${shape}]`);
              }
              const diff = maxAbsDiff(actual.data as Float32Array, expected);
              report.push(`${name} ${diff.toExponential(2)}`);
              if (!(diff <= TOLERANCE)) throw new Error(`${c.name}.${name}: max abs diff ${diff} > ${TOLERANCE}`);
            }
            tc.diagnostic(`max abs diff: ${report.join(', ')}`);
          } finally {
            await session.release();
          }
        });
      }
    });
  });
}
