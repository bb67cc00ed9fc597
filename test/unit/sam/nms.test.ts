// Box NMS with torchvision's semantics on boxes worked out by hand.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type BoxXyxy, boxIou, boxNms } from '../../../src/main/vision/sam/amg';

test('IoU of float boxes without the +1 of pixel boxes', () => {
  assert.equal(boxIou([0, 0, 10, 10], [0, 0, 10, 9]), Math.fround(0.9));
  // Intersection 9 × 8 = 72 over 100 + 90 − 72 = 118.
  assert.equal(boxIou([1, 1, 11, 11], [0, 0, 10, 9]), Math.fround(72 / 118));
  assert.equal(boxIou([0, 0, 10, 10], [20, 20, 30, 30]), 0);
  assert.ok(Number.isNaN(boxIou([5, 5, 5, 5], [5, 5, 5, 5])), 'two zero-area boxes: 0 / 0');
});

test('keeps C, B, D: C suppresses A and E (IoU 0.9), B survives at 0.61', () => {
  const boxes: BoxXyxy[] = [
    [0, 0, 10, 10], // A .9
    [1, 1, 11, 11], // B .8
    [0, 0, 10, 9], // C .95
    [20, 20, 30, 30], // D .5
    [0, 0, 10, 10], // E .9
  ];
  assert.deepEqual(boxNms(boxes, [0.9, 0.8, 0.95, 0.5, 0.9], 0.7), [2, 1, 3]);
  // At 0.95 A survives C (0.9) but still suppresses its twin E (1.0).
  assert.deepEqual(boxNms(boxes, [0.9, 0.8, 0.95, 0.5, 0.9], 0.95), [2, 0, 1, 3]);
  assert.deepEqual(boxNms(boxes, [0.9, 0.8, 0.95, 0.5, 0.9], 0.5), [2, 3]);
});

test('an IoU equal to the threshold does not suppress; ties keep input order', () => {
  // 70 / 100 is 0.699999988 in float32, not above 0.7, as in torchvision.
  assert.deepEqual(
    boxNms(
      [
        [0, 0, 10, 10],
        [0, 0, 10, 7],
      ],
      [1, 0.5],
      0.7,
    ),
    [0, 1],
  );
  assert.deepEqual(
    boxNms(
      [
        [0, 0, 10, 10],
        [0, 0, 10, 8],
      ],
      [1, 0.5],
      0.7,
    ),
    [0],
  );
  assert.deepEqual(
    boxNms(
      [
        [0, 0, 4, 4],
        [0, 0, 4, 4],
        [0, 0, 4, 4],
      ],
      [0.5, 0.5, 0.5],
      0.7,
    ),
    [0],
  );
  assert.deepEqual(
    boxNms(
      [
        [0, 0, 4, 4],
        [9, 9, 12, 12],
        [0, 0, 4, 4],
      ],
      [0.5, 0.5, 0.6],
      0.7,
    ),
    [2, 1],
  );
});

test('single-pixel masks (zero-area boxes) never suppress each other', () => {
  assert.deepEqual(
    boxNms(
      [
        [5, 5, 5, 5],
        [5, 5, 5, 5],
      ],
      [0.9, 0.8],
      0.7,
    ),
    [0, 1],
  );
  assert.throws(() => boxNms([[0, 0, 1, 1]], [1, 2], 0.7), /1 boxes and 2 scores/);
});
