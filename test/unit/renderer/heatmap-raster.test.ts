import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  heatColor,
  heatmapKey,
  heatmapRgba,
  overlaySize,
  upsampleBilinear,
} from '../../../src/renderer/src/workspace/heatmap-raster';

const close = (actual: ArrayLike<number>, expected: readonly number[]) => {
  assert.equal(actual.length, expected.length);
  for (let i = 0; i < expected.length; i++)
    assert.ok(Math.abs(actual[i] - expected[i]) < 1e-6, `value ${i}: ${actual[i]} vs ${expected[i]}`);
};

test('bilinear upsampling at pixel centres with clamped edges (align_corners=False)', () => {
  // 1 × 2 → 1 × 4 (a row [0, 1]): sample positions (x + ½)·2/4 − ½ = −0.25, 0.25, 0.75, 1.25 → clamped 0, .25, .75, 1.
  close(upsampleBilinear([0, 1], 2, 1, 4, 1), [0, 0.25, 0.75, 1]);
  // 2 × 2 → 4 × 4 of [[0, 1], [2, 3]]: rows and columns both sample at 0, .25, .75, 1; value = x + 2y.
  const pos = [0, 0.25, 0.75, 1];
  close(
    upsampleBilinear([0, 1, 2, 3], 2, 2, 4, 4),
    pos.flatMap((y) => pos.map((x) => x + 2 * y)),
  );
  // Same size is the identity; one cell fills everything.
  close(upsampleBilinear([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 3, 2, 3, 2), [0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
  close(upsampleBilinear([0.7], 1, 1, 3, 2), [0.7, 0.7, 0.7, 0.7, 0.7, 0.7]);
  // Downsampling 4 → 2 reads at 0.5 and 2.5: the means of each pair.
  close(upsampleBilinear([0, 1, 2, 3], 4, 1, 2, 1), [0.5, 2.5]);
  assert.throws(() => upsampleBilinear([0, 1, 2], 2, 2, 4, 4), /3 values for a 2 × 2 grid/);
});

test('the colour ramp runs blue, cyan, green, yellow, red and clamps outside [0, 1]', () => {
  assert.deepEqual(heatColor(0), [0, 0, 255]);
  assert.deepEqual(heatColor(0.25), [0, 255, 255]);
  assert.deepEqual(heatColor(0.5), [0, 255, 0]);
  assert.deepEqual(heatColor(0.75), [255, 255, 0]);
  assert.deepEqual(heatColor(1), [255, 0, 0]);
  assert.deepEqual(heatColor(0.125), [0, 128, 255]);
  assert.deepEqual(heatColor(-1), [0, 0, 255]);
  assert.deepEqual(heatColor(2), [255, 0, 0]);
  assert.deepEqual([...heatmapRgba([0, 1], 2, 1, 2, 1)], [0, 0, 255, 255, 255, 0, 0, 255]);
});

test('overlay size keeps the aspect and caps the long side', () => {
  assert.deepEqual(overlaySize(320, 240), { width: 320, height: 240 });
  assert.deepEqual(overlaySize(4000, 3000), { width: 1024, height: 768 });
  assert.deepEqual(overlaySize(3000, 10, 1000), { width: 1000, height: 3 });
  assert.deepEqual(overlaySize(5000, 1), { width: 1024, height: 1 });
});

test('the heat map key follows id, size and values, order included', () => {
  const base = { id: 3, width: 2, height: 1, values: [0.25, 0.75] };
  assert.equal(heatmapKey(base), heatmapKey({ ...base, values: [0.25, 0.75] }));
  assert.notEqual(heatmapKey(base), heatmapKey({ ...base, values: [0.75, 0.25] }));
  assert.notEqual(heatmapKey(base), heatmapKey({ ...base, id: 4 }));
  assert.notEqual(heatmapKey(base), heatmapKey({ ...base, width: 1, height: 2 }));
});
