import { test } from 'node:test';
import assert from 'node:assert/strict';
import { preprocessImage, SAM_PIXEL_MEAN, SAM_PIXEL_STD } from '../../../../src/main/vision/sam/model/preprocess';

test('a 2×1 image fills the top half of the frame, bilinear without antialiasing, normalised, zero padded', () => {
  // red 0 then 255; green 255 then 0; blue 100 twice
  const image = { width: 2, height: 1, data: new Uint8Array([0, 255, 100, 255, 0, 100]) };
  const { pixels, resized } = preprocessImage(image);
  assert.deepEqual(resized, { width: 1024, height: 512 });
  const at = (c: number, y: number, x: number) => pixels[(c * 1024 + y) * 1024 + x];
  const norm = (c: number, v: number) => (v - SAM_PIXEL_MEAN[c]) / SAM_PIXEL_STD[c];
  // source x = (x + 0.5)·2/1024 − 0.5, clamped at 0: x = 0 → 0; x = 511 → 0.4990234375; x = 1023 → 1.4990 (→ 1)
  assert.ok(Math.abs(at(0, 0, 0) - norm(0, 0)) < 1e-5);
  assert.ok(Math.abs(at(0, 300, 511) - norm(0, 0.4990234375 * 255)) < 1e-4);
  assert.ok(Math.abs(at(0, 511, 1023) - norm(0, 255)) < 1e-5);
  assert.ok(Math.abs(at(1, 10, 511) - norm(1, 255 - 0.4990234375 * 255)) < 1e-4);
  assert.ok(Math.abs(at(2, 100, 700) - norm(2, 100)) < 1e-5);
  for (const [c, y, x] of [
    [0, 512, 0],
    [1, 1023, 1023],
    [2, 700, 5],
  ])
    assert.equal(at(c, y, x), 0);
});

test('images of the wrong byte count are refused', () => {
  assert.throws(() => preprocessImage({ width: 2, height: 2, data: new Uint8Array(5) }), /has 5 values/);
});
