import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  actualSize,
  fitViewport,
  MAX_SCALE,
  screenToImage,
  zoomAt,
} from '../../../src/renderer/src/workspace/viewport';

describe('viewport', () => {
  it('fits a wide image by its width and centres it vertically', () => {
    // 800x400 image in a 432x432 view with 16 px margins: scale 400/800 = 0.5, image 400x200 at (16, 116).
    assert.deepEqual(fitViewport({ width: 800, height: 400 }, { width: 432, height: 432 }), {
      scale: 0.5,
      x: 16,
      y: 116,
    });
  });

  it('keeps the image point under the cursor while zooming', () => {
    const v = { scale: 0.5, x: 16, y: 116 };
    const before = screenToImage(v, 100, 150);
    const zoomed = zoomAt(v, 4, 100, 150);
    assert.equal(zoomed.scale, 2);
    const after = screenToImage(zoomed, 100, 150);
    assert.ok(Math.abs(after.x - before.x) < 1e-9 && Math.abs(after.y - before.y) < 1e-9);
    // By hand: image point (168, 68) must stay at screen (100, 150) at scale 2: x = 100 - 336, y = 150 - 136.
    assert.deepEqual(zoomed, { scale: 2, x: -236, y: 14 });
  });

  it('stops at the largest zoom', () => {
    assert.equal(zoomAt({ scale: 40, x: 0, y: 0 }, 10, 0, 0).scale, MAX_SCALE);
  });

  it('goes to 1:1 around the view centre', () => {
    // The view centre (200, 100) shows image point ((200 - 16) / 0.5, (100 - 116) / 0.5) = (368, -32) at scale
    // 0.5; at scale 1 it stays at the centre.
    const v = actualSize({ scale: 0.5, x: 16, y: 116 }, { width: 400, height: 200 });
    assert.deepEqual(v, { scale: 1, x: 200 - 368, y: 100 + 32 });
  });
});
