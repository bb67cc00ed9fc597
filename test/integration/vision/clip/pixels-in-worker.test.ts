// CLIP's input made in the inference worker (sharp decode + bicubic resize + mean/std), then a compiled tiny CLIP
// run on it in the same worker: the path every CLIP method takes from an image file to its features.
import assert from 'node:assert/strict';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { compileClip } from '../../../../src/main/vision/clip/compile';
import { CLIP_MEAN, CLIP_STD, clipPixelValues, normaliseRgb } from '../../../../src/main/vision/clip/preprocess';
import { createVisionRuntime, type VisionRuntime } from '../../../../src/main/vision/runtime/vision-runtime';
import { withTempDir } from '../../../helpers/temp-dir';

const CHECKPOINT = fileURLToPath(new URL('../../../fixtures/vision/clip/quick-w32-p8/', import.meta.url));

let runtime: VisionRuntime;
before(() => {
  runtime = createVisionRuntime();
});
after(async () => {
  await runtime.close();
});

test('normaliseRgb lays HWC bytes out as CHW and applies (x/255 − mean)/std', () => {
  // One row of two pixels: black and white.
  const { data, dims } = normaliseRgb(Uint8Array.from([0, 0, 0, 255, 255, 255]), 1, 2);
  assert.deepEqual(dims, [1, 3, 1, 2]);
  for (let c = 0; c < 3; c++) {
    assert.ok(Math.abs(data[c * 2] - -CLIP_MEAN[c] / CLIP_STD[c]) < 1e-6, `black, channel ${c}`);
    assert.ok(Math.abs(data[c * 2 + 1] - (1 - CLIP_MEAN[c]) / CLIP_STD[c]) < 1e-6, `white, channel ${c}`);
  }
});

test('stretch keeps the whole image; center-crop cuts the middle of the long side', async () => {
  // 40×20: left half red, right half blue.
  const rgb = Buffer.alloc(40 * 20 * 3);
  for (let y = 0; y < 20; y++) for (let x = 0; x < 40; x++) rgb[(y * 40 + x) * 3 + (x < 20 ? 0 : 2)] = 255;
  const png = await sharp(rgb, { raw: { width: 40, height: 20, channels: 3 } })
    .png()
    .toBuffer();
  const red = (p: { data: Float32Array; dims: number[] }, x: number) => p.data[x] > 0;
  const stretched = await clipPixelValues(png, [8, 8], 'stretch');
  assert.deepEqual(stretched.dims, [1, 3, 8, 8]);
  assert.deepEqual([red(stretched, 0), red(stretched, 7)], [true, false]);
  const cropped = await clipPixelValues(png, [8, 8], 'center-crop');
  // The centre 20×20 of a 40×20 image is half red, half blue as well, but from the middle outwards.
  assert.deepEqual([red(cropped, 0), red(cropped, 7)], [true, false]);
});

test('the worker makes the pixels and runs the compiled image graph on them', async () => {
  await withTempDir(async (dir) => {
    const weights = join(dir, 'clip');
    await cp(CHECKPOINT, weights, { recursive: true });
    const graph = await compileClip({ weightsDir: weights, variant: { variant: 'clip.image' } });
    const photo = join(dir, 'photo.png');
    await sharp({ create: { width: 50, height: 30, channels: 3, background: '#3a7bd5' } })
      .png()
      .toFile(photo);

    const worker = runtime.worker('cpu');
    const pixels = await worker.request('clip.pixels', { image: photo, size: [32, 32] });
    const direct = await clipPixelValues(photo, [32, 32]);
    assert.deepEqual(pixels.dims, [1, 3, 32, 32]);
    assert.deepEqual(Array.from(pixels.data as Float32Array), Array.from(direct.data));

    const session = await runtime.session('clip-image', graph.path);
    const { outputs, provider } = await session.run({ pixel_values: pixels });
    assert.equal(provider, 'cpu');
    assert.deepEqual(outputs.image_embeds.dims, [1, 16]);
    await session.release();
  });
});
