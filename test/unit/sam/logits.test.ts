// Stability score on tiny arrays by hand, and the work done on low-resolution logits (windowed upsampling, exact
// mask boxes, crop-resolution stability) against the masks library's full two-stage resize.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resizeBilinear } from '../../../src/main/masks';
import { resizedShape, stabilityScore } from '../../../src/main/vision/sam/amg';
import { cropStability, lowResStability, maskBox } from '../../../src/main/vision/sam/amg/mask-logits';
import {
  type LowResView,
  Scratch,
  TAPS,
  frameSampling,
  upsampleWindow,
} from '../../../src/main/vision/sam/amg/sampling';
import { rng } from '../../helpers/random';

test('stability: cells above +1 over cells above −1', () => {
  const block = Float32Array.of(2, 0.5, -0.5, -2, 3, 1.5, 1.0, -1.0, -3, 0.9, -0.99, 5);
  // > 1: 2, 3, 1.5, 5. > −1: 2, 0.5, −0.5, 3, 1.5, 1.0, 0.9, −0.99, 5 (1.0 and −1.0 are not strictly above).
  assert.equal(stabilityScore(block, 0, 4, 3, 4, 1), Math.fround(4 / 9));
  // > 0.5: 2, 3, 1.5, 1.0, 0.9, 5. > −0.5: those and 0.5.
  assert.equal(stabilityScore(block, 0, 4, 3, 4, 0.5), Math.fround(6 / 7));
  // The middle 2×2 of the block through offset and stride: 0.5, −0.5 / 1.5, 1.0.
  assert.equal(stabilityScore(block, 1, 4, 2, 2, 1), Math.fround(1 / 4));
  assert.ok(Number.isNaN(stabilityScore(new Float32Array(4).fill(-5), 0, 2, 2, 2, 1)), 'empty at both levels');
  assert.equal(stabilityScore(new Float32Array(4).fill(-0.5), 0, 2, 2, 2, 1), 0);
});

test('low-resolution stability ignores the padding cells', () => {
  // 1000 × 4 resizes to 1024 × 4, so only the first row of cells covers the image.
  const s = frameSampling({ width: 1000, height: 4 });
  assert.deepEqual(s.valid, { width: 256, height: 1 });
  const data = new Float32Array(256 * 256).fill(-5);
  data.fill(5, 0, 64);
  data.fill(0, 64, 128);
  data.fill(5, 256, 512);
  const view: LowResView = { data, offset: 0, stride: 256, row0: 0, col0: 0 };
  assert.equal(lowResStability(view, s, 1), Math.fround(64 / 128));
});

interface Case {
  width: number;
  height: number;
  logits: Float32Array;
}

function cases(): Case[] {
  const rand = rng(11);
  const out: Case[] = [];
  for (const [width, height] of [
    [640, 480],
    [333, 500],
    [50, 37],
    [1024, 1024],
    [2000, 130],
    [7, 300],
  ]) {
    const r = resizedShape({ width, height });
    for (let k = 0; k < 2; k++) {
      const cx = (rand() * r.width) / 4;
      const cy = (rand() * r.height) / 4;
      const radius = 3 + rand() * 40;
      const logits = new Float32Array(65536);
      for (let y = 0; y < 256; y++) {
        for (let x = 0; x < 256; x++) {
          logits[y * 256 + x] = (radius - Math.hypot(x - cx, y - cy)) * 0.4 + (rand() - 0.5) * 1.5;
        }
      }
      out.push({ width, height, logits });
    }
  }
  return out;
}

/** postprocess_masks with the masks library: 256 → 1024, cut the padding, → crop size. */
function fullUpsample(c: Case): Float32Array {
  const r = resizedShape(c);
  const frame = resizeBilinear(c.logits, 256, 256, 1024, 1024);
  const cut = new Float32Array(r.width * r.height);
  for (let y = 0; y < r.height; y++) cut.set(frame.subarray(y * 1024, y * 1024 + r.width), y * r.width);
  return resizeBilinear(cut, r.width, r.height, c.width, c.height);
}

test('windowed upsampling equals the full two-stage resize', () => {
  const scratch = new Scratch();
  const rand = rng(5);
  for (const c of cases()) {
    const full = fullUpsample(c);
    const s = frameSampling(c);
    const view: LowResView = { data: c.logits, offset: 0, stride: 256, row0: 0, col0: 0 };
    for (let t = 0; t < 4; t++) {
      const x0 = Math.floor(rand() * c.width);
      const y0 = Math.floor(rand() * c.height);
      const x1 = t === 0 ? c.width : x0 + 1 + Math.floor(rand() * (c.width - x0));
      const y1 = t === 0 ? c.height : y0 + 1 + Math.floor(rand() * (c.height - y0));
      const [a, b] = t === 0 ? [0, 0] : [x0, y0];
      const win = upsampleWindow(view, s, a, b, x1, y1, scratch);
      let worst = 0;
      for (let y = b; y < y1; y++) {
        for (let x = a; x < x1; x++) {
          const want = full[y * c.width + x];
          const err = Math.abs(win[(y - b) * (x1 - a) + (x - a)] - want) / Math.max(1, Math.abs(want));
          if (err > worst) worst = err;
        }
      }
      assert.ok(worst < 1e-5, `${c.width}x${c.height} window [${a}, ${b}, ${x1}, ${y1}): error ${worst}`);
    }
  }
});

test('mask boxes and crop-resolution stability equal those of the full upsample', () => {
  const scratch = new Scratch();
  for (const c of cases()) {
    const full = fullUpsample(c);
    let x0 = c.width;
    let y0 = c.height;
    let x1 = -1;
    let y1 = -1;
    let inner = 0;
    let outer = 0;
    for (let i = 0; i < full.length; i++) {
      const v = full[i];
      if (v > -1) outer++;
      if (v > 1) inner++;
      if (v > 0) {
        const x = i % c.width;
        const y = (i - x) / c.width;
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
    const s = frameSampling(c);
    const view: LowResView = { data: c.logits, offset: 0, stride: 256, row0: 0, col0: 0 };
    assert.deepEqual(maskBox(view, s, scratch), x1 < 0 ? null : [x0, y0, x1, y1], `${c.width}x${c.height}`);
    assert.equal(cropStability(view, s, 1, scratch), Math.fround(inner / outer), `${c.width}x${c.height}`);
  }
});

test('an all-negative mask has no box and NaN crop stability', () => {
  const s = frameSampling({ width: 40, height: 30 });
  const view: LowResView = { data: new Float32Array(65536).fill(-3), offset: 0, stride: 256, row0: 0, col0: 0 };
  assert.equal(maskBox(view, s, new Scratch()), null);
  assert.ok(Number.isNaN(cropStability(view, s, 1, new Scratch())));
});

test('every output pixel reads at most three adjacent cells per axis, weights summing to 1, for any crop size', () => {
  for (let size = 1; size <= 2000; size += 37) {
    const s = frameSampling({ width: size, height: 2001 - size });
    for (const axis of [s.x, s.y]) {
      for (let d = 0; d < axis.size; d++) {
        const t = d * TAPS;
        const sum = axis.weight[t] + axis.weight[t + 1] + axis.weight[t + 2];
        assert.ok(Math.abs(sum - 1) < 1e-6, `weights of output ${d} sum to ${sum}`);
        assert.ok(axis.high[d] - axis.low[d] < TAPS, `output ${d} reads cells ${axis.low[d]}..${axis.high[d]}`);
        if (d > 0) assert.ok(axis.low[d] >= axis.low[d - 1] && axis.high[d] >= axis.high[d - 1], 'taps move forward');
      }
    }
  }
});

test('a crop too thin to keep a pixel in the frame is refused', () => {
  assert.throws(() => frameSampling({ width: 2100, height: 1 }), /crop 2100x1 resizes to 1024x0/);
});
