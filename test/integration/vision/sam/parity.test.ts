// RefLabel's sam.encoder and sam.decoder against Hugging Face's PyTorch SamModel on tiny random-weight checkpoints in
// the official layout; fixtures from test/tools/make_sam_fixtures.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { compileSam } from '../../../../src/main/vision/sam/model/compile';
import { readSafetensorsHeader, readTensorData } from '../../../../src/main/vision/weights/safetensors';
import { withTempDir } from '../../../helpers/temp-dir';
import { patternMask, patternPixels } from './inputs';

const FIXTURES = join(import.meta.dirname, '../../../fixtures/vision/sam');
const TOLERANCE = 1e-4;

interface Cases {
  frame: number;
  grid: number;
  mask_stride: number;
  cases: { name: string; mask_input: boolean }[];
}

/** Largest |a − b| over b's elements, a read at every `stride`-th row and column of its trailing [H, W]. */
function maxAbsDiff(a: Float32Array, aDims: readonly number[], b: Float32Array, stride = 1): number {
  const [h, w] = aDims.slice(-2);
  const outer = a.length / (h * w);
  const bh = Math.ceil(h / stride);
  const bw = Math.ceil(w / stride);
  assert.equal(b.length, outer * bh * bw, 'reference has the sampled shape');
  let worst = 0;
  for (let o = 0; o < outer; o++) {
    for (let y = 0; y < bh; y++) {
      for (let x = 0; x < bw; x++) {
        const d = Math.abs(a[(o * h + y * stride) * w + x * stride] - b[(o * bh + y) * bw + x]);
        if (!(d <= worst)) worst = d;
      }
    }
  }
  return worst;
}

for (const config of (await readdir(FIXTURES)).sort()) {
  test(`SAM parity with PyTorch: ${config}`, async (t) => {
    const dir = join(FIXTURES, config);
    const spec = JSON.parse(await readFile(join(dir, 'cases.json'), 'utf8')) as Cases;
    const reference = await readSafetensorsHeader(join(dir, 'reference.safetensors'));
    const ref = (name: string) => readTensorData(reference, name);
    const dims = (name: string) => reference.tensors.get(name)?.shape ?? assert.fail(`no ${name}`);
    await withTempDir(async (weightsDir) => {
      for (const file of ['model.safetensors', 'config.json']) await copyFile(join(dir, file), join(weightsDir, file));
      const embeddings = await ref('encoder.image_embeddings');

      await t.test('sam.encoder', async () => {
        const compiled = await compileSam({ weightsDir, variant: 'sam.encoder' });
        const session = await ort.InferenceSession.create(compiled.path, { executionProviders: ['cpu'] });
        try {
          const pixels = new ort.Tensor('float32', patternPixels(spec.frame), [1, 3, spec.frame, spec.frame]);
          const out = (await session.run({ pixel_values: pixels })).image_embeddings;
          assert.deepEqual(out.dims, dims('encoder.image_embeddings'));
          const diff = maxAbsDiff(out.data as Float32Array, out.dims, embeddings);
          t.diagnostic(`image_embeddings max |diff| ${diff.toExponential(2)}`);
          assert.ok(diff <= TOLERANCE, `image_embeddings differ by ${diff}`);
        } finally {
          await session.release();
        }
      });

      const compiled = await compileSam({ weightsDir, variant: 'sam.decoder' });
      const session = await ort.InferenceSession.create(compiled.path, { executionProviders: ['cpu'] });
      try {
        for (const c of spec.cases) {
          await t.test(`sam.decoder: ${c.name}`, async () => {
            const coords = await ref(`${c.name}.point_coords`);
            const [n, p] = dims(`${c.name}.point_coords`);
            const low = 4 * spec.grid;
            // Every prompt of a case has the same mask input, so one row broadcast to all must give the same outputs.
            for (const maskRows of new Set([n, 1])) {
              const mask = new Float32Array(maskRows * low * low);
              if (c.mask_input) for (let i = 0; i < maskRows; i++) mask.set(patternMask(low), i * low * low);
              const out = await session.run({
                image_embeddings: new ort.Tensor('float32', embeddings, [
                  1,
                  dims('encoder.image_embeddings')[1],
                  spec.grid,
                  spec.grid,
                ]),
                point_coords: new ort.Tensor('float32', coords, [n, p, 2]),
                point_labels: new ort.Tensor('float32', await ref(`${c.name}.point_labels`), [n, p]),
                mask_input: new ort.Tensor('float32', mask, [maskRows, 1, low, low]),
                has_mask_input: new ort.Tensor('float32', new Float32Array([c.mask_input ? 1 : 0]), [1]),
              });
              assert.deepEqual(out.low_res_masks.dims, [n, 4, low, low]);
              assert.deepEqual(out.iou_predictions.dims, [n, 4]);
              const masks = out.low_res_masks.data as Float32Array;
              const maskDiff = maxAbsDiff(
                masks,
                out.low_res_masks.dims,
                await ref(`${c.name}.low_res_masks`),
                spec.mask_stride,
              );
              const iou = out.iou_predictions.data as Float32Array;
              const iouDiff = maxAbsDiff(iou, [1, iou.length], await ref(`${c.name}.iou_predictions`));
              const what = `${c.name} (mask_input batch ${maskRows})`;
              t.diagnostic(`${what}: low_res_masks ${maskDiff.toExponential(2)}, iou ${iouDiff.toExponential(2)}`);
              assert.ok(maskDiff <= TOLERANCE, `${what}: low_res_masks differ by ${maskDiff}`);
              assert.ok(iouDiff <= TOLERANCE, `${what}: iou_predictions differ by ${iouDiff}`);
            }
          });
        }
      } finally {
        await session.release();
      }
    });
  });
}
