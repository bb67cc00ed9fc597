import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rng } from '../../helpers/random';
import { encodeRle, maskFromData, runsFromRle, runsToMaskWindow, type Mask } from '../../../src/main/masks';

function crop(mask: Mask, x0: number, y0: number, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const sx = x + x0;
      const sy = y + y0;
      if (sx >= 0 && sy >= 0 && sx < mask.width && sy < mask.height) out[y * w + x] = mask.data[sy * mask.width + sx];
    }
  }
  return out;
}

test('a window of a hand-made 3×4 mask', () => {
  // Rows: 0110 / 0111 / 0010 (row-major).
  const mask = maskFromData(4, 3, Uint8Array.from([0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0]));
  const window = runsToMaskWindow(runsFromRle(encodeRle(mask)), 1, 1, 3, 2);
  assert.deepEqual([...window.data], [1, 1, 1, 0, 1, 0]);
});

test('windows of random masks equal cropping the decoded mask, overhanging edges included', () => {
  const random = rng(7);
  for (let trial = 0; trial < 200; trial++) {
    const width = 1 + Math.floor(random() * 12);
    const height = 1 + Math.floor(random() * 12);
    const data = Uint8Array.from({ length: width * height }, () => (random() < 0.4 ? 1 : 0));
    const mask = maskFromData(width, height, data);
    const x0 = Math.floor(random() * (width + 2)) - 1;
    const y0 = Math.floor(random() * (height + 2)) - 1;
    const w = 1 + Math.floor(random() * width);
    const h = 1 + Math.floor(random() * height);
    const window = runsToMaskWindow(runsFromRle(encodeRle(mask)), x0, y0, w, h);
    assert.deepEqual(window.data, crop(mask, x0, y0, w, h), `trial ${trial}`);
  }
});
