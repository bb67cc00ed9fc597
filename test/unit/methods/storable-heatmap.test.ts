// Heat maps as stored for display: CoPatch's CoMap clamped to [0, 1], HybridGL's mean-normalised GEM map min-max
// scaled, and anything larger than HEATMAP_MAX_SIDE scaled down.
import assert from 'node:assert/strict';
import test from 'node:test';
import { HEATMAP_MAX_SIDE } from '../../../src/shared/api';
import { storableHeatMap } from '../../../src/main/vision/pipeline/local-engine';

const map = (width: number, height: number, values: number[]) => ({ width, height, data: Float32Array.from(values) });

test('a CoMap is clamped, not rescaled', () => {
  assert.deepEqual(storableHeatMap('comap', map(3, 1, [-0.25, 0.5, 1.25])), {
    kind: 'comap',
    width: 3,
    height: 1,
    values: [0, 0.5, 1],
  });
});

test('a GEM map divided by its mean is min-max scaled: (v − min) / (max − min)', () => {
  // Mean 1: [0.5, 1, 1.5] → [0, 0.5, 1].
  assert.deepEqual(storableHeatMap('gem', map(3, 1, [0.5, 1, 1.5])).values, [0, 0.5, 1]);
  // A flat map has no contrast to show; it is stored as all 1 rather than divided by zero.
  assert.deepEqual(storableHeatMap('gem', map(2, 1, [1, 1])).values, [1, 1]);
});

test('a map larger than the stored side is scaled down keeping its aspect', () => {
  const big = storableHeatMap('comap', map(HEATMAP_MAX_SIDE * 2, 4, new Array(HEATMAP_MAX_SIDE * 8).fill(0.25)));
  assert.deepEqual([big.width, big.height], [HEATMAP_MAX_SIDE, 2]);
  assert.ok(big.values.every((v) => Math.abs(v - 0.25) < 1e-6));
});
