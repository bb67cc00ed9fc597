import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createMask, decodeRle, encodeRle, runsFromRle } from '../../../src/main/masks';
import { paintMask, sampleRuns } from '../../../src/renderer/src/workspace/mask-raster';

describe('paintMask', () => {
  it('colours the fill and the edge and clears the background', () => {
    const mask = createMask(5, 5);
    for (let y = 1; y < 4; y++) for (let x = 1; x < 4; x++) mask.data[y * 5 + x] = 1;
    const rgba = new Uint8ClampedArray(5 * 5 * 4).fill(9);
    paintMask(rgba, mask, { color: [10, 20, 30], fillAlpha: 100, edgeAlpha: 255 }, { clear: true });
    const alpha = (x: number, y: number) => rgba[(y * 5 + x) * 4 + 3];
    assert.equal(alpha(2, 2), 100, 'the centre pixel is inside');
    assert.equal(alpha(1, 1), 255, 'a corner of the square is on its edge');
    assert.equal(alpha(2, 1), 255);
    assert.equal(alpha(0, 0), 0, 'background cleared');
    assert.deepEqual([...rgba.subarray((2 * 5 + 2) * 4, (2 * 5 + 2) * 4 + 3)], [10, 20, 30]);
  });

  it('leaves pixels outside the rectangle alone', () => {
    const mask = createMask(4, 1);
    mask.data.fill(1);
    const rgba = new Uint8ClampedArray(16);
    paintMask(rgba, mask, { color: [1, 2, 3], fillAlpha: 50, edgeAlpha: 60 }, { rect: { x0: 1, y0: 0, x1: 2, y1: 1 } });
    assert.deepEqual([...rgba], [0, 0, 0, 0, 1, 2, 3, 60, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('sampleRuns', () => {
  it('matches nearest-neighbour sampling of the decoded mask', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    for (const [w, h, tw, th] of [
      [37, 23, 10, 7],
      [10, 10, 10, 10],
      [8, 5, 16, 11],
      [300, 200, 96, 64],
    ]) {
      const mask = createMask(w, h);
      // Blobs of varied size, so runs start and end mid-column and span columns.
      for (let k = 0; k < 6; k++) {
        const cx = random() * w;
        const cy = random() * h;
        const r = 1 + random() * Math.min(w, h) * 0.4;
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) mask.data[y * w + x] = 1;
      }
      const decoded = decodeRle(encodeRle(mask));
      const sampled = sampleRuns(runsFromRle(encodeRle(mask)), tw, th);
      for (let ty = 0; ty < th; ty++) {
        for (let tx = 0; tx < tw; tx++) {
          const sx = Math.floor(((tx + 0.5) * w) / tw);
          const sy = Math.floor(((ty + 0.5) * h) / th);
          assert.equal(sampled[ty * tw + tx], decoded.data[sy * w + sx], `${w}x${h}→${tw}x${th} at ${tx},${ty}`);
        }
      }
    }
  });
});
