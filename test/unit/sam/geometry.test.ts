// Point grids, crop boxes, the 1024 frame transform and the crop-edge test, against values worked out by hand
// from segment-anything's formulas.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildAllLayerPointGrids,
  buildPointGrid,
  fromFrame,
  generateCropBoxes,
  isBoxNearCropEdge,
  lowResValid,
  resizedShape,
  toFrame,
  xyxyToXywh,
} from '../../../src/main/vision/sam/amg';
import { rng } from '../../helpers/random';

test('point grid: cell centres of an n×n tiling, x fastest', () => {
  assert.deepEqual(Array.from(buildPointGrid(1)), [0.5, 0.5]);
  assert.deepEqual(Array.from(buildPointGrid(2)), [0.25, 0.25, 0.75, 0.25, 0.25, 0.75, 0.75, 0.75]);
  const g4 = buildPointGrid(4);
  assert.deepEqual(Array.from(g4.subarray(0, 8)), [0.125, 0.125, 0.375, 0.125, 0.625, 0.125, 0.875, 0.125]);
  assert.deepEqual(Array.from(g4.subarray(30, 32)), [0.875, 0.875]);
  assert.throws(() => buildPointGrid(0), /points per side must be a positive integer/);
});

test('layer grids shrink by the downscale factor, truncating', () => {
  assert.deepEqual(
    buildAllLayerPointGrids(64, 1, 2).map((g) => g.length / 2),
    [64 * 64, 32 * 32],
  );
  assert.deepEqual(
    buildAllLayerPointGrids(5, 2, 2).map((g) => g.length / 2),
    [25, 4, 1],
  );
  assert.throws(() => buildAllLayerPointGrids(2, 2, 2), /crop layer 2/);
});

test('crop boxes for a 640×480 image', () => {
  const one = generateCropBoxes({ width: 640, height: 480 }, 1, 512 / 1500);
  // overlap = int(512/1500 * 480) = 163; crop 402 × 322; second crops start at 402 − 163 = 239 and 322 − 163 = 159.
  assert.deepEqual(one, [
    { box: [0, 0, 640, 480], layer: 0 },
    { box: [0, 0, 402, 322], layer: 1 },
    { box: [0, 159, 402, 480], layer: 1 },
    { box: [239, 0, 640, 322], layer: 1 },
    { box: [239, 159, 640, 480], layer: 1 },
  ]);
  const two = generateCropBoxes({ width: 640, height: 480 }, 2, 512 / 1500);
  assert.equal(two.length, 1 + 4 + 16);
  // Layer 2: overlap int(81.92) = 81, crop ceil((3·81 + 640) / 4) = 221 × ceil((3·81 + 480) / 4) = 181, step 140 × 100.
  assert.deepEqual(two[5], { box: [0, 0, 221, 181], layer: 2 });
  assert.deepEqual(two[6], { box: [0, 100, 221, 281], layer: 2 });
  assert.deepEqual(two[20], { box: [420, 300, 640, 480], layer: 2 });
  assert.deepEqual(
    generateCropBoxes({ width: 128, height: 96 }, 1, 0)
      .slice(1)
      .map((c) => c.box),
    [
      [0, 0, 64, 48],
      [0, 48, 64, 96],
      [64, 0, 128, 48],
      [64, 48, 128, 96],
    ],
  );
});

test('resize to the 1024 frame: long side 1024, short side rounded half up', () => {
  assert.deepEqual(resizedShape({ width: 640, height: 480 }), { width: 1024, height: 768 });
  assert.deepEqual(resizedShape({ width: 333, height: 500 }), { width: 682, height: 1024 });
  assert.deepEqual(resizedShape({ width: 2000, height: 1 }), { width: 1024, height: 1 });
  assert.deepEqual(lowResValid({ width: 333, height: 500 }), { width: 171, height: 256 });
  assert.throws(() => resizedShape({ width: 0, height: 5 }), /image size must be positive integers/);
});

test('frame coordinates scale each axis by its own rounded ratio, and come back', () => {
  const close = (a: ArrayLike<number>, b: number[]) =>
    b.forEach((v, i) => assert.ok(Math.abs(a[i] - v) < 1e-9 * Math.max(1, v), `${a[i]} vs ${v}`));
  // 333 × 500: x × 682/333, y × 1024/500 (in float64, as numpy: 333 · (682/333) is 681.9999999999999).
  close(toFrame([333, 250, 0, 0], { width: 333, height: 500 }), [682, 512, 0, 0]);
  const rand = rng(7);
  for (let t = 0; t < 50; t++) {
    const size = { width: 1 + Math.floor(rand() * 3000), height: 1 + Math.floor(rand() * 3000) };
    const pts = Array.from({ length: 20 }, (_, i) => rand() * (i % 2 ? size.height : size.width));
    const back = fromFrame(toFrame(pts, size), size);
    close(back, pts);
    close(toFrame([size.width, size.height], size), [resizedShape(size).width, resizedShape(size).height]);
  }
});

test('crop-edge filter: near an inner crop side only', () => {
  const image = { width: 128, height: 96 };
  const crop: [number, number, number, number] = [0, 0, 64, 48];
  assert.equal(isBoxNearCropEdge([4, 4, 29, 19], crop, image), false);
  assert.equal(isBoxNearCropEdge([10, 10, 44, 20], crop, image), true, 'x1 = 44 is 20 px from the crop side at 64');
  assert.equal(isBoxNearCropEdge([10, 10, 43, 20], crop, image), false, '21 px away');
  assert.equal(isBoxNearCropEdge([0, 0, 30, 20], crop, image), false, 'crop sides on the image sides');
  assert.equal(isBoxNearCropEdge([0, 0, 30, 28], crop, image), true, 'y1 = 28 is 20 px from 48');
  assert.equal(isBoxNearCropEdge([70, 50, 100, 70], [64, 48, 128, 96], image), true, 'x0 6 px from 64');
  assert.equal(isBoxNearCropEdge([0, 0, 127, 95], [0, 0, 128, 96], image), false, 'the whole-image crop');
  assert.deepEqual(xyxyToXywh([4, 4, 29, 19]), [4, 4, 25, 15]);
});
