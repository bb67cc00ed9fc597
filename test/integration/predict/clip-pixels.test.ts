// Proposal masks on the CLIP patch grid, worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskFromData } from '../../../src/main/masks';
import { maskOnPatchGrid } from '../../../src/main/vision/pipeline/clip-pixels';

test('each patch gets the fraction of its image cell the mask covers', () => {
  // 4 × 4 image, 2 × 2 grid: cells are 2 × 2 pixels.
  const mask = maskFromData(4, 4, Uint8Array.from([1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
  assert.deepEqual(Array.from(maskOnPatchGrid(mask, 2, 2)), [1, 0.25, 0, 0]);
});

test('an image that does not divide evenly splits at floor(x · grid / width)', () => {
  // 5 × 3 image, 2 × 2 grid: columns 0–2 | 3–4, rows 0–1 | 2; cells of 6, 4, 3 and 2 pixels.
  const mask = maskFromData(5, 3, Uint8Array.from([1, 0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 0, 0, 1]));
  assert.deepEqual(Array.from(maskOnPatchGrid(mask, 2, 2)), [2 / 6, 3 / 4, 1 / 3, 1 / 2].map(Math.fround));
});
